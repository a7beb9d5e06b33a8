package io.castellan.server.pam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.Responses;
import io.castellan.store.PamConfiguration;
import io.castellan.store.RotationSettings;

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
}
