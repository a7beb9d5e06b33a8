package io.castellan.server.scheduler;

import io.castellan.model.error.CastellanException;
import io.castellan.server.audit.Audit;
import io.castellan.server.vault.ShareExpiryListener;
import io.castellan.store.PamConfiguration;
import io.castellan.store.PamConfigurationRepository;
import io.castellan.store.RecordKey;
import io.castellan.store.RotationSettings;
import io.castellan.store.RotationSettingsRepository;
import io.castellan.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Rotate after share expiry": when the vault's sweeper deletes an expired share that asked for
 * {@code rotateOnExpiration}, submits one rotation of the shared pamUser through the scheduler's
 * {@link RotationSubmitter}, in the sweeper's transaction. The deletion, the job and the audit event
 * {@link SchedulerAuditEvents#ROTATION_AFTER_SHARE_EXPIRY} commit together, and of several nodes only the one whose
 * {@code DELETE} removed the share gets here: one share, one rotation.
 *
 * <p>The job is a scheduled one ({@code onDemand=false}): it waits queued while the gateway is offline. A rotation
 * that cannot be submitted (no or disabled settings, the configuration no longer allows rotation, no gateway) is
 * audited as a failure naming why; the share is removed all the same.
 */
public final class ShareExpiryRotations implements ShareExpiryListener {

    private static final Logger LOG = LoggerFactory.getLogger(ShareExpiryRotations.class);

    private final Audit audit;
    private final RotationSubmitter submitter;
    private final RotationSettingsRepository settings;
    private final PamConfigurationRepository configs;

    public ShareExpiryRotations(Store store, Audit audit, Clock clock, RotationSubmitter submitter) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.submitter = Objects.requireNonNull(submitter, "submitter");
        this.settings = new RotationSettingsRepository(store.transactions(), clock);
        this.configs = new PamConfigurationRepository(store.transactions(), clock);
    }

    @Override
    public Runnable expired(RecordKey share) {
        Optional<RotationSettings> found = settings.get(share.recordUid());
        if (found.isEmpty()) {
            return refused(share, List.of(share.recordUid(), share.holderUid()), "the record has no rotation settings");
        }
        RotationSettings rotation = found.get();
        List<String> subjects = List.of(rotation.recordUid(), share.holderUid(), rotation.resourceUid(),
                rotation.configUid());
        if (!rotation.enabled()) {
            return refused(share, subjects, "the rotation is disabled");
        }
        Optional<PamConfiguration> config = configs.get(rotation.configUid());
        if (config.isEmpty() || !config.get().allows("rotation")) {
            return refused(share, subjects, "the configuration does not allow rotation");
        }
        String jobId;
        try {
            jobId = submitter.submit(config.get().gatewayUid(), rotation.recordUid(), rotation.resourceUid(),
                    rotation.configUid());
        } catch (CastellanException e) {
            return refused(share, subjects, e.getMessage());
        }
        audit.record(SchedulerAuditEvents.ROTATION_AFTER_SHARE_EXPIRY, SchedulerAuditEvents.ACTOR, null, subjects,
                Audit.SUCCESS, Map.of("jobId", jobId));
        LOG.info("share of record {} with {} ended; rotation submitted: job {}", rotation.recordUid(),
                share.holderUid(), jobId);
        return () -> submitter.release(jobId);
    }

    private Runnable refused(RecordKey share, List<String> subjects, String reason) {
        String why = reason == null ? "" : reason;
        audit.record(SchedulerAuditEvents.ROTATION_AFTER_SHARE_EXPIRY, SchedulerAuditEvents.ACTOR, null, subjects,
                Audit.FAILURE, Map.of("reason", why));
        LOG.warn("share of record {} with {} ended but no rotation could be submitted: {}", share.recordUid(),
                share.holderUid(), why);
        return () -> { };
    }
}
