package io.castellan.server.pam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Responses;
import io.castellan.store.PamConfiguration;
import io.castellan.store.RotationSchedule;
import io.castellan.store.RotationSettings;
import io.castellan.store.StoredRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rotate}: an on-demand rotation of a pamUser record. Checks the caller's right to edit the record and
 * {@code ALLOW_ROTATE_CREDENTIALS}, that settings exist and are enabled, that the configuration allows rotation and
 * that the resource belongs to it; then hands the job to {@link RotationJobs} and answers its id. The audit event and
 * the hand-off share one transaction.
 */
final class RotateCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RotateCommand.class);

    private final PamContext pam;
    private final RotationJobs jobs;

    RotateCommand(PamContext pam, RotationJobs jobs) {
        this.pam = pam;
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    ObjectNode rotate(ApiCall call) {
        Caller caller = call.requireCaller();
        String uid = PamFields.uid(PamFields.body(call.body()), "recordUid");
        ObjectNode answer = pam.store.write(h -> {
            pam.editable(caller, uid, "recordUid");
            RotationSettings settings = pam.rotations.get(uid).orElseThrow(RotationCommands::noSettings);
            if (!settings.enabled()) {
                throw PamFields.invalid("recordUid", "rotation is disabled for this record");
            }
            PamConfiguration config = pam.configs.get(settings.configUid()).orElseThrow(RotationCommands::noSettings);
            PamFeatures.requireAllowed(config, PamFeature.ROTATION);
            StoredRecord resource = pam.store.records().get(settings.resourceUid()).filter(r -> !r.deleted())
                    .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND,
                            "the rotation's resource record no longer exists"));
            if (!pam.belongs(resource, config)) {
                throw PamFields.invalid("recordUid",
                        "the rotation's resource is not in the configuration's shared folder and does not link to it");
            }
            String jobId = jobs.submit(config.gatewayUid(), uid, settings.resourceUid(), config.recordUid(), true,
                    caller.userUid());
            // A flagged rotation awaits this job: the scheduler clears the flag when it succeeds.
            pam.schedules.get(uid).filter(RotationSchedule::flagged).filter(s -> s.jobId().isEmpty())
                    .ifPresent(s -> pam.schedules.transition(s, s.withJob(Optional.of(jobId))
                            .withNext(Optional.of(pam.clock.instant()))));
            pam.audited(PamAuditEvents.ROTATION_REQUESTED, call, List.of(uid, settings.resourceUid(),
                    config.recordUid()), Map.of("jobId", jobId));
            LOG.info("rotation requested: record {} resource {} configuration {} job {} by user {}", uid,
                    settings.resourceUid(), config.recordUid(), jobId, caller.userUid());
            ObjectNode response = Responses.object();
            response.put("jobId", jobId);
            return response;
        });
        jobs.release(answer.get("jobId").asText());
        return answer;
    }
}
