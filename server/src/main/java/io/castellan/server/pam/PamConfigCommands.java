package io.castellan.server.pam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Responses;
import io.castellan.store.AppGrantKind;
import io.castellan.store.AppRole;
import io.castellan.store.Device;
import io.castellan.store.DeviceKind;
import io.castellan.store.FolderKind;
import io.castellan.store.PamConfiguration;
import io.castellan.store.StoredFolder;
import io.castellan.store.StoredRecord;
import io.castellan.store.VisibleApplication;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code pam_config_add}, {@code pam_config_list}, {@code pam_config_edit}. */
final class PamConfigCommands {

    static final List<String> ENVIRONMENTS = List.of("local", "aws", "azure", "domain");

    private final PamContext pam;

    PamConfigCommands(PamContext pam) {
        this.pam = pam;
    }

    /**
     * {@code pam_config_add}: registers the metadata of a configuration record the caller may edit. The record must be
     * filed in the shared folder; the gateway must belong to an application the caller manages and that application
     * must be granted the shared folder (so the gateway can read the configuration).
     */
    ObjectNode add(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = PamFields.body(call.body());
        String uid = PamFields.uid(body, "uid");
        String environment = PamFields.optionalOneOf(body, "environment", ENVIRONMENTS)
                .orElseThrow(() -> PamFields.bad("environment", "is required"));
        String gateway = PamFields.optionalClientId(body, "gatewayUid")
                .orElseThrow(() -> PamFields.bad("gatewayUid", "is required"));
        String folder = PamFields.uid(body, "sharedFolderUid");
        List<String> features = features(body).orElse(List.of());
        Optional<String> schedule = PamFields.present(body, "schedule") ? Schedules.read(body, "schedule")
                : Optional.empty();
        String ports = PamFields.present(body, "portMapping") ? PortMapping.read(body, "portMapping") : "{}";
        return pam.store.write(h -> {
            StoredRecord record = pam.editable(caller, uid, "uid").record();
            if (pam.configs.get(uid).isPresent()) {
                throw new CastellanException(ErrorCode.CONFLICT, "uid: this record is already a PAM configuration",
                        Map.of(CastellanException.DETAIL_FIELD, "uid"), null);
            }
            checkPlacement(caller, record, folder, gateway);
            PamConfiguration saved = pam.configs.insert(new PamConfiguration(uid, caller.userUid(), environment,
                    gateway, folder, features, schedule, ports, Instant.EPOCH, Instant.EPOCH));
            pam.audited(PamAuditEvents.PAM_CONFIG_ADDED, call, List.of(uid), details(saved));
            return PamEntries.config(saved);
        });
    }

    /** {@code pam_config_list}: the configurations whose records the caller sees. */
    ObjectNode list(ApiCall call) {
        Caller caller = call.requireCaller();
        return pam.store.read(h -> {
            ObjectNode response = Responses.object();
            ArrayNode entries = response.putArray("configurations");
            pam.configs.list(pam.visibleRecordUids(caller)).forEach(c -> entries.add(PamEntries.config(c)));
            return response;
        });
    }

    /**
     * {@code pam_config_edit}: changes the fields given (environment, gateway, shared folder, features, schedule, port
     * mapping) of a configuration whose record the caller may edit; the same checks as {@code pam_config_add}.
     */
    ObjectNode edit(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = PamFields.body(call.body());
        String uid = PamFields.uid(body, "uid");
        Optional<String> environment = PamFields.optionalOneOf(body, "environment", ENVIRONMENTS);
        Optional<String> gateway = PamFields.optionalClientId(body, "gatewayUid");
        Optional<String> folder = PamFields.optionalUid(body, "sharedFolderUid");
        Optional<List<String>> features = features(body);
        boolean scheduleGiven = PamFields.present(body, "schedule");
        Optional<String> schedule = scheduleGiven ? Schedules.read(body, "schedule") : Optional.empty();
        Optional<String> ports = PamFields.present(body, "portMapping")
                ? Optional.of(PortMapping.read(body, "portMapping")) : Optional.empty();
        return pam.store.write(h -> {
            StoredRecord record = pam.editable(caller, uid, "uid").record();
            PamConfiguration old = pam.configs.get(uid).orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND,
                    "uid: the record is not a PAM configuration", Map.of(CastellanException.DETAIL_FIELD, "uid"),
                    null));
            PamConfiguration next = new PamConfiguration(uid, old.ownerUid(), environment.orElse(old.environment()),
                    gateway.orElse(old.gatewayUid()), folder.orElse(old.sharedFolderUid()),
                    features.orElse(old.features()), scheduleGiven ? schedule : old.scheduleJson(),
                    ports.orElse(old.portMappingJson()), old.createdAt(), old.updatedAt());
            if (gateway.isPresent() || folder.isPresent()) {
                checkPlacement(caller, record, next.sharedFolderUid(), next.gatewayUid());
            }
            PamConfiguration saved = pam.configs.update(next);
            pam.audited(PamAuditEvents.PAM_CONFIG_CHANGED, call, List.of(uid), details(saved));
            return PamEntries.config(saved);
        });
    }

    /** The record is in the shared folder, the caller is a member, and the gateway can serve that folder. */
    private void checkPlacement(Caller caller, StoredRecord record, String folderUid, String gatewayUid) {
        StoredFolder folder = pam.folders.get(folderUid).filter(f -> f.kind() == FolderKind.SHARED)
                .filter(f -> pam.folderMembers.get(folderUid, caller.userUid()).isPresent())
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "sharedFolderUid: no such shared folder",
                        Map.of(CastellanException.DETAIL_FIELD, "sharedFolderUid"), null));
        if (record.folderUid().filter(folder.uid()::equals).isEmpty()) {
            throw PamFields.invalid("sharedFolderUid", "the configuration record must be filed in this shared folder");
        }
        Device device = pam.devices.get(gatewayUid).filter(d -> d.kind() == DeviceKind.GATEWAY)
                .orElseThrow(() -> gatewayNotFound());
        VisibleApplication app = pam.apps.visible(device.appUid(), caller.userUid()).orElseThrow(() -> gatewayNotFound());
        if (!app.owner() && app.membership().orElseThrow().role() != AppRole.ADMIN) {
            throw new CastellanException(ErrorCode.FORBIDDEN,
                    "gatewayUid: only the owner or an admin of the gateway's application may use it",
                    Map.of(CastellanException.DETAIL_FIELD, "gatewayUid"), null);
        }
        if (pam.grants.get(device.appUid(), folderUid).filter(g -> g.kind() == AppGrantKind.FOLDER).isEmpty()) {
            throw PamFields.invalid("sharedFolderUid", "the gateway's application has no grant of this shared folder;"
                    + " share the folder with the application first");
        }
    }

    private static CastellanException gatewayNotFound() {
        return new CastellanException(ErrorCode.NOT_FOUND, "gatewayUid: no such gateway",
                Map.of(CastellanException.DETAIL_FIELD, "gatewayUid"), null);
    }

    /** The {@code features} array: known names, duplicates once, in the catalogue's order. */
    static Optional<List<String>> features(JsonNode body) {
        if (!PamFields.present(body, "features")) {
            return Optional.empty();
        }
        JsonNode value = body.get("features");
        if (!value.isArray() || value.size() > PamFeature.values().length * 2) {
            throw PamFields.bad("features", "must be an array of feature names");
        }
        Set<PamFeature> set = EnumSet.noneOf(PamFeature.class);
        for (JsonNode item : value) {
            PamFeature feature = item.isTextual() ? PamFeature.fromWire(item.textValue()).orElse(null) : null;
            if (feature == null) {
                List<String> names = new ArrayList<>();
                for (PamFeature f : PamFeature.values()) {
                    names.add(f.wireName());
                }
                throw PamFields.invalid("features", "each feature must be one of " + String.join(", ", names));
            }
            set.add(feature);
        }
        return Optional.of(set.stream().map(PamFeature::wireName).toList());
    }

    private static Map<String, String> details(PamConfiguration c) {
        return Map.of("environment", c.environment(), "features", String.join(",", c.features()),
                "gateway", "gateway:" + c.gatewayUid().substring(0, 16), "sharedFolderUid", c.sharedFolderUid());
    }
}
