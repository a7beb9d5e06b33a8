package io.castellan.server.pam;

import io.castellan.model.gateway.CommandType;
import io.castellan.server.audit.Audit;
import io.castellan.server.router.JobListener;
import io.castellan.store.StoredJob;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the Router's rotate-job state changes into the rotation lifecycle events: RUNNING is
 * {@code rotation_started}, SUCCEEDED {@code rotation_succeeded}, and FAILED, REJECTED or TIMED_OUT
 * {@code rotation_failed}. Subjects are the job's record UIDs (pamUser, resource, configuration); details the job id
 * and state, never the gateway's summary text (scrubbed, but free-form).
 *
 * <p>The gateway has already acted when it reports, so there is nothing to refuse: an event that cannot be written
 * is logged (with the job id) and the job's state stands.
 */
public final class RotationAuditListener implements JobListener {

    private static final Logger LOG = LoggerFactory.getLogger(RotationAuditListener.class);

    private final Audit audit;

    public RotationAuditListener(Audit audit) {
        this.audit = audit;
    }

    @Override
    public void changed(StoredJob job) {
        if (!CommandType.ROTATE.wireName().equals(job.command())) {
            return;
        }
        String type = switch (job.state()) {
            case RUNNING -> PamAuditEvents.ROTATION_STARTED;
            case SUCCEEDED -> PamAuditEvents.ROTATION_SUCCEEDED;
            case FAILED, REJECTED, TIMED_OUT -> PamAuditEvents.ROTATION_FAILED;
            default -> null;
        };
        if (type == null) {
            return;
        }
        String actor = switch (job.state()) {
            case TIMED_OUT -> "system";
            default -> "gateway:" + job.gatewayUid();
        };
        String result = type.equals(PamAuditEvents.ROTATION_FAILED) ? Audit.FAILURE : Audit.SUCCESS;
        try {
            audit.record(type, actor, null, job.recordUids(), result, Map.of("jobId", job.id(), "state",
                    job.state().name().toLowerCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            LOG.error("job {}: audit event {} could not be written", job.id(), type);
        }
    }
}
