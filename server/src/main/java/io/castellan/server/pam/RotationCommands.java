package io.castellan.server.pam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Responses;
import io.castellan.store.PamConfiguration;
import io.castellan.server.scheduler.NextRun;
import io.castellan.store.RotationSchedule;
import io.castellan.store.RotationSettings;
import io.castellan.store.StoredRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code rotation_set}, {@code rotation_list}, {@code rotation_info}. */
final class RotationCommands {

    static final List<String> ROTATION_TYPES = List.of("general", "iam_user", "scripts_only");
    /** The encrypted settings: AES-GCM of a small JSON object (complexity, special set, script settings). */
    static final int MAX_SETTINGS_BYTES = 16 * 1024;

    private final PamContext pam;

    RotationCommands(PamContext pam) {
        this.pam = pam;
    }

    /**
     * {@code rotation_set}: sets the rotation settings of a pamUser record the caller may edit. Needs
     * {@code ALLOW_CONFIGURE_ROTATION_SETTINGS}; the configuration must allow rotation and the resource must be in
     * its shared folder or link to it. Fields not given keep their earlier values (or defaults: {@code general},
     * the configuration's default schedule, not a no-op, enabled). The scheduler's next run follows the new
     * settings; {@code enabled: true} also clears a flag set after repeated failures.
     */
    ObjectNode set(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = PamFields.body(call.body());
        String uid = PamFields.uid(body, "recordUid");
        String resourceUid = PamFields.uid(body, "resourceUid");
        Optional<String> configUid = PamFields.optionalUid(body, "configUid");
        Optional<String> type = PamFields.optionalOneOf(body, "rotationType", ROTATION_TYPES);
        boolean scheduleGiven = PamFields.present(body, "schedule");
        Optional<String> schedule = scheduleGiven ? Schedules.read(body, "schedule") : Optional.empty();
        boolean onDemand = PamFields.optionalFlag(body, "onDemand").orElse(false);
        if (scheduleGiven && onDemand) {
            throw PamFields.invalid("onDemand", "give either a schedule or onDemand, not both");
        }
        Optional<Boolean> noop = PamFields.optionalFlag(body, "noop");
        Optional<Boolean> enabled = PamFields.optionalFlag(body, "enabled");
        byte[] settings = PamFields.bytes(body, "settings", Aes256Gcm.OVERHEAD + 2, MAX_SETTINGS_BYTES);
        if (uid.equals(resourceUid)) {
            throw PamFields.invalid("resourceUid", "the resource must be another record than the pamUser");
        }
        return pam.store.write(h -> {
            pam.editable(caller, uid, "recordUid");
            StoredRecord resource = pam.reach(caller, resourceUid, "resourceUid").record();
            Optional<RotationSettings> old = pam.rotations.get(uid);
            String cfgUid = configUid.or(() -> old.map(RotationSettings::configUid))
                    .orElseThrow(() -> PamFields.bad("configUid", "is required for a record without rotation settings"));
            PamConfiguration config = pam.visibleConfig(caller, cfgUid, "configUid");
            PamFeatures.requireAllowed(config, PamFeature.ROTATION);
            if (!pam.belongs(resource, config)) {
                throw PamFields.invalid("resourceUid",
                        "the resource is not in the configuration's shared folder and does not link to it");
            }
            Optional<String> effectiveSchedule = scheduleGiven ? schedule
                    : onDemand ? Optional.empty()
                    : old.map(RotationSettings::scheduleJson).orElse(config.scheduleJson());
            RotationSettings saved = pam.rotations.put(new RotationSettings(uid, resourceUid, cfgUid,
                    type.or(() -> old.map(RotationSettings::rotationType)).orElse("general"), effectiveSchedule,
                    noop.or(() -> old.map(RotationSettings::noop)).orElse(false),
                    enabled.or(() -> old.map(RotationSettings::enabled)).orElse(true), settings, caller.userUid(),
                    Instant.EPOCH, Instant.EPOCH));
            // An explicit --enable ends a flag (too many failed scheduled runs); the next run follows the schedule.
            RotationSchedule planned = pam.schedules.plan(uid, NextRun.after(saved.scheduleJson(), saved.enabled(),
                    pam.clock.instant()), enabled.orElse(false));
            pam.audited(PamAuditEvents.ROTATION_SETTINGS_CHANGED, call, List.of(uid, resourceUid, cfgUid),
                    Map.of("rotationType", saved.rotationType(), "noop", Boolean.toString(saved.noop()),
                            "enabled", Boolean.toString(saved.enabled()),
                            "scheduled", Boolean.toString(saved.scheduleJson().isPresent())));
            return PamEntries.rotation(saved, Optional.of(planned));
        });
    }

    /** {@code rotation_list}: the rotation settings of every pamUser record the caller sees. */
    ObjectNode list(ApiCall call) {
        Caller caller = call.requireCaller();
        return pam.store.read(h -> {
            ObjectNode response = Responses.object();
            ArrayNode entries = response.putArray("rotations");
            List<RotationSettings> visible = pam.rotations.list(pam.visibleRecordUids(caller));
            Map<String, RotationSchedule> schedules = new HashMap<>();
            pam.schedules.list(visible.stream().map(RotationSettings::recordUid).toList())
                    .forEach(s -> schedules.put(s.recordUid(), s));
            visible.forEach(r -> entries.add(PamEntries.rotation(r,
                    Optional.ofNullable(schedules.get(r.recordUid())))));
            return response;
        });
    }

    /**
     * {@code rotation_info}: the settings of one pamUser record the caller sees, with the configuration's gateway
     * and features.
     */
    ObjectNode info(ApiCall call) {
        Caller caller = call.requireCaller();
        String uid = PamFields.uid(PamFields.body(call.body()), "uid");
        return pam.store.read(h -> {
            pam.reach(caller, uid, "uid");
            RotationSettings settings = pam.rotations.get(uid).orElseThrow(RotationCommands::noSettings);
            PamConfiguration config = pam.configs.get(settings.configUid()).orElseThrow(RotationCommands::noSettings);
            ObjectNode entry = PamEntries.rotation(settings, pam.schedules.get(uid));
            entry.put("gatewayUid", config.gatewayUid());
            entry.set("features", Responses.strings(config.features()));
            return entry;
        });
    }

    static CastellanException noSettings() {
        return new CastellanException(ErrorCode.NOT_FOUND, "the record has no rotation settings");
    }
}
