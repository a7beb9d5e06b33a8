package io.castellan.server.sm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.store.AppGrant;
import io.castellan.store.AppGrantKind;
import io.castellan.store.AppMemberView;
import io.castellan.store.AppRole;
import io.castellan.store.Device;
import io.castellan.store.DeviceKind;
import io.castellan.store.VisibleApplication;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** The JSON shapes of the application responses (docs/api.md); binary values in standard base64. */
final class AppEntries {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AppEntries() {
    }

    static ObjectNode empty() {
        return NODES.objectNode();
    }

    /**
     * {@code uid, data, appKey, keyType, role, ownerUid}: the owner gets the app key wrapped with their data key
     * ({@code data_key}, role {@code owner}); a member gets it sealed to their public key ({@code public_key}).
     */
    static ObjectNode app(VisibleApplication visible) {
        ObjectNode entry = NODES.objectNode();
        entry.put("uid", visible.app().uid());
        entry.put("data", Base64s.encode(visible.app().encryptedAppData()));
        if (visible.owner()) {
            entry.put("appKey", Base64s.encode(visible.app().encryptedAppKey()));
            entry.put("keyType", "data_key");
            entry.put("role", "owner");
        } else {
            entry.put("appKey", Base64s.encode(visible.membership().orElseThrow().encryptedAppKey()));
            entry.put("keyType", "public_key");
            entry.put("role", role(visible.membership().orElseThrow().role()));
        }
        entry.put("ownerUid", visible.app().ownerUid());
        entry.put("createdAt", visible.app().createdAt().toEpochMilli());
        return entry;
    }

    /** {@code subjectUid, kind, editable}. */
    static ObjectNode grant(AppGrant grant) {
        return NODES.objectNode()
                .put("subjectUid", grant.subjectUid())
                .put("kind", grant.kind() == AppGrantKind.FOLDER ? "folder" : "record")
                .put("editable", grant.editable());
    }

    /**
     * {@code clientId, name, kind, lockIp, lockedIp, firstAccessExpiresAt, accessExpiresAt, createdAt, lastSeenAt,
     * bound}; absent times and addresses are JSON null.
     */
    static ObjectNode client(Device device) {
        ObjectNode entry = NODES.objectNode()
                .put("clientId", device.clientId())
                .put("name", device.name())
                .put("kind", device.kind() == DeviceKind.GATEWAY ? "gateway" : "device")
                .put("lockIp", device.lockIp());
        device.lockedIp().ifPresentOrElse(ip -> entry.put("lockedIp", ip), () -> entry.putNull("lockedIp"));
        time(entry, "firstAccessExpiresAt", device.firstAccessExpiresAt());
        time(entry, "accessExpiresAt", device.accessExpiresAt());
        entry.put("createdAt", device.createdAt().toEpochMilli());
        time(entry, "lastSeenAt", device.lastSeenAt());
        entry.put("bound", device.bound());
        return entry;
    }

    /** {@code userUid, email, role}. */
    static ObjectNode member(AppMemberView member) {
        return NODES.objectNode()
                .put("userUid", member.member().userUid())
                .put("email", member.email())
                .put("role", role(member.member().role()));
    }

    static String role(AppRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static void time(ObjectNode entry, String field, Optional<Instant> value) {
        value.ifPresentOrElse(t -> entry.put(field, t.toEpochMilli()), () -> entry.putNull(field));
    }
}
