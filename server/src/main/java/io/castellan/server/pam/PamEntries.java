package io.castellan.server.pam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.Responses;
import io.castellan.store.PamConfiguration;
import io.castellan.store.RotationSchedule;
import io.castellan.store.RotationSettings;
import java.time.Instant;
import java.util.Optional;

/** The JSON entries of PAM responses (docs/api.md): plaintext metadata and the encrypted settings blob in base64. */
final class PamEntries {

    private PamEntries() {
    }

    static ObjectNode config(PamConfiguration c) {
        ObjectNode entry = Responses.object();
        entry.put("uid", c.recordUid());
        entry.put("ownerUid", c.ownerUid());
        entry.put("environment", c.environment());
        entry.put("gatewayUid", c.gatewayUid());
        entry.put("sharedFolderUid", c.sharedFolderUid());
        entry.set("features", Responses.strings(c.features()));
        entry.set("schedule", Schedules.node(c.scheduleJson()));
        entry.set("portMapping", PortMapping.node(c.portMappingJson()));
        entry.put("createdAt", c.createdAt().toEpochMilli());
        entry.put("updatedAt", c.updatedAt().toEpochMilli());
        return entry;
    }

    static ObjectNode rotation(RotationSettings r) {
        ObjectNode entry = Responses.object();
        entry.put("recordUid", r.recordUid());
        entry.put("resourceUid", r.resourceUid());
        entry.put("configUid", r.configUid());
        entry.put("rotationType", r.rotationType());
        entry.set("schedule", Schedules.node(r.scheduleJson()));
        entry.put("noop", r.noop());
        entry.put("enabled", r.enabled());
        entry.put("settings", Responses.b64(r.encryptedSettings()));
        entry.put("updatedBy", r.updatedBy());
        entry.put("createdAt", r.createdAt().toEpochMilli());
        entry.put("updatedAt", r.updatedAt().toEpochMilli());
        return entry;
    }

    /**
     * {@link #rotation(RotationSettings)} with the scheduler's view: {@code nextRunAt} (epoch ms, or null when
     * nothing is due), {@code jobId} of an awaited run, {@code consecutiveFailures} and {@code flaggedAt}.
     */
    static ObjectNode rotation(RotationSettings r, Optional<RotationSchedule> schedule) {
        ObjectNode entry = rotation(r);
        Optional<RotationSchedule> s = schedule.filter(x -> x.recordUid().equals(r.recordUid()));
        Optional<Instant> next = s.filter(x -> x.jobId().isEmpty()).flatMap(RotationSchedule::nextRunAt);
        if (next.isPresent()) {
            entry.put("nextRunAt", next.get().toEpochMilli());
        } else {
            entry.putNull("nextRunAt");
        }
        s.flatMap(RotationSchedule::jobId).ifPresent(job -> entry.put("runningJobId", job));
        entry.put("consecutiveFailures", s.map(RotationSchedule::consecutiveFailures).orElse(0));
        s.flatMap(RotationSchedule::flaggedAt).ifPresentOrElse(at -> entry.put("flaggedAt", at.toEpochMilli()),
                () -> entry.putNull("flaggedAt"));
        return entry;
    }
}
