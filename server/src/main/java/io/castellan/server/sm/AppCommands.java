package io.castellan.server.sm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Ecies;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Requests;
import io.castellan.store.AppGrant;
import io.castellan.store.AppMemberView;
import io.castellan.store.AppRole;
import io.castellan.store.Device;
import io.castellan.store.User;
import io.castellan.store.UserStatus;
import io.castellan.store.VisibleApplication;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code app_create}, {@code app_list}, {@code app_get}, {@code app_remove}, {@code app_share}. */
final class AppCommands {

    /** An AES-GCM-wrapped 32-byte key. */
    static final int WRAPPED_KEY_BYTES = Aes256Gcm.OVERHEAD + 32;
    /** Sealed (ECIES) keys: a 32-byte key is 125 bytes; allow a little more. */
    static final int SEALED_KEY_MIN_BYTES = Ecies.OVERHEAD + 32;
    static final int SEALED_KEY_MAX_BYTES = 512;
    /** Largest encrypted application data (a title and a type). */
    static final int MAX_APP_DATA_BYTES = 64 * 1024;

    private final SmContext sm;

    AppCommands(SmContext sm) {
        this.sm = sm;
    }

    /**
     * {@code app_create}: {@code uid, data, appKey} → {@code {}}. Needs {@code ALLOW_SECRETS_MANAGER} (checked by
     * {@code PolicyGuard}, as for every application command); the caller owns the new application.
     */
    ObjectNode create(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Fields.body(call.body());
        String uid = Fields.uid(body, "uid");
        byte[] data = Fields.bytes(body, "data", Aes256Gcm.OVERHEAD, MAX_APP_DATA_BYTES);
        byte[] appKey = Fields.bytes(body, "appKey", WRAPPED_KEY_BYTES, WRAPPED_KEY_BYTES);
        return sm.store.write(h -> {
            if (sm.apps.get(uid).isPresent()) {
                throw new CastellanException(ErrorCode.CONFLICT, "an application with this UID already exists",
                        Map.of(CastellanException.DETAIL_FIELD, "uid"), null);
            }
            sm.apps.insert(uid, caller.userUid(), appKey, data);
            sm.audited(SmAuditEvents.APP_CREATED, call, List.of(uid), Map.of());
            return AppEntries.empty();
        });
    }

    /** {@code app_list}: → {@code apps[]}, the applications the caller owns or is a member of. */
    ObjectNode list(ApiCall call) {
        Caller caller = call.requireCaller();
        ObjectNode response = AppEntries.empty();
        ArrayNode apps = response.putArray("apps");
        sm.apps.listVisible(caller.userUid()).forEach(a -> apps.add(AppEntries.app(a)));
        return response;
    }

    /** {@code app_get}: {@code uid} → the app entry with {@code grants[]}, {@code clients[]}, {@code members[]}. */
    ObjectNode get(ApiCall call) {
        Caller caller = call.requireCaller();
        String uid = Fields.uid(Fields.body(call.body()), "uid");
        return sm.store.read(h -> {
            VisibleApplication app = sm.visible(caller, uid);
            ObjectNode entry = AppEntries.app(app);
            ArrayNode grants = entry.putArray("grants");
            for (AppGrant grant : sm.grants.list(uid)) {
                grants.add(AppEntries.grant(grant));
            }
            ArrayNode clients = entry.putArray("clients");
            for (Device device : sm.devices.listByApp(uid)) {
                clients.add(AppEntries.client(device));
            }
            ArrayNode members = entry.putArray("members");
            for (AppMemberView member : sm.apps.members(uid)) {
                members.add(AppEntries.member(member));
            }
            return entry;
        });
    }

    /**
     * {@code app_remove}: {@code uid} → {@code {}}. Only the owner. Its grants, members, devices and gateways go with
     * it, so every device of it is refused from its next request.
     */
    ObjectNode remove(ApiCall call) {
        Caller caller = call.requireCaller();
        String uid = Fields.uid(Fields.body(call.body()), "uid");
        return sm.store.write(h -> {
            VisibleApplication app = sm.visible(caller, uid);
            if (!app.owner()) {
                throw new CastellanException(ErrorCode.FORBIDDEN, "only the application's owner may remove it");
            }
            int clients = sm.devices.listByApp(uid).size();
            sm.apps.delete(uid);
            sm.audited(SmAuditEvents.APP_REMOVED, call, List.of(uid), Map.of("clients", Integer.toString(clients)));
            return AppEntries.empty();
        });
    }

    /**
     * {@code app_share}: {@code uid, email, role, appKey} → {@code {}}. The owner and admins share; sharing again
     * with the same user replaces the role and the sealed key. The owner cannot be a member.
     */
    ObjectNode share(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Fields.body(call.body());
        String uid = Fields.uid(body, "uid");
        String email = Requests.email(call.body(), "email");
        AppRole role = AppRole.valueOf(Fields.oneOf(body, "role", "admin", "viewer").toUpperCase(Locale.ROOT));
        byte[] appKey = Fields.bytes(body, "appKey", SEALED_KEY_MIN_BYTES, SEALED_KEY_MAX_BYTES);
        return sm.store.write(h -> {
            VisibleApplication app = sm.managed(caller, uid);
            User member = sm.users.findByEmail(email).filter(u -> u.status() == UserStatus.ACTIVE)
                    .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no active user with that e-mail",
                            Map.of(CastellanException.DETAIL_FIELD, "email"), null));
            if (member.uid().equals(app.app().ownerUid()) || member.uid().equals(caller.userUid())) {
                throw Fields.invalid("email", "the application cannot be shared with its owner or with yourself");
            }
            sm.apps.putMember(uid, member.uid(), role, appKey);
            sm.audited(SmAuditEvents.APP_SHARED, call, List.of(uid, member.uid()),
                    Map.of("role", AppEntries.role(role)));
            return AppEntries.empty();
        });
    }
}
