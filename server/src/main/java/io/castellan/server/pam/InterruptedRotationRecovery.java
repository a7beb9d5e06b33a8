package io.castellan.server.pam;

import io.castellan.model.error.CastellanException;
import io.castellan.server.audit.Audit;
import io.castellan.server.scheduler.SchedulerAuditEvents;
import io.castellan.store.RotationSettings;
import io.castellan.store.RotationSettingsRepository;
import io.castellan.store.Store;
import io.castellan.store.StoredGateway;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a gateway comes online, submits one rotation for each pamUser it left mid-rotation (a pending value in the
 * vault and no rotate job under way): a gateway that stopped between changing a password and committing it leaves
 * the target holding the pending password while the vault's current one no longer works, and on a weekly schedule
 * nothing else would touch it for days. The job only settles it ({@code recoverOnly}): the gateway asks the target
 * which credential logs in and commits the pending one or drops it (docs/rotation.md); it does not rotate afresh.
 * Each submission is audited as {@code rotation_scheduled} with
 * {@code reason = interrupted}, in the transaction that stores the job (fail closed).
 */
public final class InterruptedRotationRecovery implements Consumer<StoredGateway> {

    /** The actor of the audit events and the jobs. */
    static final String ACTOR = "system";

    private static final Logger LOG = LoggerFactory.getLogger(InterruptedRotationRecovery.class);

    private final Store store;
    private final Audit audit;
    private final RotationSettingsRepository settings;
    private final RouterRotationJobs jobs;

    public InterruptedRotationRecovery(Store store, Audit audit, RotationSettingsRepository settings,
            RouterRotationJobs jobs) {
        this.store = store;
        this.audit = audit;
        this.settings = settings;
        this.jobs = jobs;
    }

    @Override
    public void accept(StoredGateway gateway) {
        List<RotationSettings> interrupted = settings.interruptedThrough(List.of(gateway.clientId(), gateway.uid()));
        int submitted = 0;
        for (RotationSettings rotation : interrupted) {
            try {
                Optional<String> jobId = Optional.of(store.write(h -> {
                    String id = jobs.submit(gateway.clientId(), rotation.recordUid(), rotation.resourceUid(),
                            rotation.configUid(), false, ACTOR, true);
                    audit.record(SchedulerAuditEvents.ROTATION_SCHEDULED, ACTOR, null,
                            List.of(rotation.recordUid(), rotation.resourceUid(), rotation.configUid()),
                            Audit.SUCCESS, Map.of("jobId", id, "reason", "interrupted"));
                    return id;
                }));
                jobId.ifPresent(jobs::release);
                submitted++;
            } catch (CastellanException e) {
                LOG.warn("gateway {}: the interrupted rotation of record {} could not be resubmitted: {}",
                        gateway.uid(), rotation.recordUid(), e.getMessage());
            } catch (RuntimeException e) { // the store's message may name values: its class only
                LOG.warn("gateway {}: the interrupted rotation of record {} could not be resubmitted ({})",
                        gateway.uid(), rotation.recordUid(), e.getClass().getSimpleName());
            }
        }
        if (submitted > 0) {
            LOG.info("gateway {} online: {} interrupted rotation(s) submitted to finish", gateway.uid(), submitted);
        }
    }
}
