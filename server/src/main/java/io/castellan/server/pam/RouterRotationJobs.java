package io.castellan.server.pam;

import io.castellan.crypto.Base64s;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.gateway.CommandType;
import io.castellan.server.router.JobRequest;
import io.castellan.server.router.JobService;
import io.castellan.store.GatewayRepository;
import io.castellan.store.RotationSettings;
import io.castellan.store.RotationSettingsRepository;
import io.castellan.store.StoredGateway;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rotation requests as Router jobs: a {@code rotate} command to the configuration's gateway naming the pamUser, the
 * resource and the configuration, with the rotation settings sealed under the pamUser's record key ({@code settings},
 * ciphertext the server relays and cannot open) and the NOOP flag. Nothing secret is in the command.
 */
public final class RouterRotationJobs implements RotationJobs {

    /** How long a gateway may take over one rotation (including post-rotation scripts). */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final JobService jobs;
    private final GatewayRepository gateways;
    private final RotationSettingsRepository settings;

    /**
     * @param jobs the Router's job service
     * @param gateways gateway rows (configurations name gateways by their client id)
     * @param settings rotation settings (for the sealed settings and NOOP)
     */
    public RouterRotationJobs(JobService jobs, GatewayRepository gateways, RotationSettingsRepository settings) {
        this.jobs = jobs;
        this.gateways = gateways;
        this.settings = settings;
    }

    @Override
    public String submit(String gatewayClientId, String pamUserUid, String resourceUid, String configUid,
                         boolean onDemand, String requestedBy) {
        return submit(gatewayClientId, pamUserUid, resourceUid, configUid, onDemand, requestedBy, false);
    }

    /**
     * @param recoverOnly ask the gateway only to settle an interrupted rotation (commit the pending credential if it
     *     works on the target, otherwise drop it), not to rotate afresh
     */
    public String submit(String gatewayClientId, String pamUserUid, String resourceUid, String configUid,
                         boolean onDemand, String requestedBy, boolean recoverOnly) {
        StoredGateway gateway = gateways.byClientId(gatewayClientId).or(() -> gateways.get(gatewayClientId))
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND,
                        "the configuration's gateway is not registered with the Router (it was removed, or made as a"
                                + " plain Secrets Manager client): add one with 'pam gateway new' and point the"
                                + " configuration at it"));
        RotationSettings s = settings.get(pamUserUid).orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND,
                "the record has no rotation settings"));
        Map<String, String> args = new LinkedHashMap<>();
        if (s.encryptedSettings() != null && s.encryptedSettings().length > 0) {
            args.put("settings", Base64s.encode(s.encryptedSettings()));
        }
        args.put("noop", Boolean.toString(s.noop()));
        args.put("rotationType", s.rotationType());
        if (recoverOnly) {
            args.put("recoverOnly", "true");
        }
        return jobs.enqueue(new JobRequest(gateway.uid(), CommandType.ROTATE, List.of(pamUserUid, resourceUid,
                configUid), args, TIMEOUT, onDemand, requestedBy)).id();
    }

    @Override
    public void release(String jobId) {
        jobs.release(jobId);
    }
}
