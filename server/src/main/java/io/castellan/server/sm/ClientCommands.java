package io.castellan.server.sm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.store.Device;
import io.castellan.store.DeviceKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code app_client_add}, {@code app_client_list}, {@code app_client_remove}: devices and gateways. */
final class ClientCommands {

    /** How long a one-time token stays usable for binding when the request names no time. */
    static final Duration DEFAULT_FIRST_ACCESS = Duration.ofMinutes(60);
    /** The longest a one-time token may stay usable for binding. */
    static final Duration MAX_FIRST_ACCESS = Duration.ofHours(24);
    /** Length of a client id: standard base64 of a 64-byte HMAC-SHA512. */
    static final int CLIENT_ID_LENGTH = 88;
    static final int MAX_NAME_LENGTH = 128;

    private final SmContext sm;

    ClientCommands(SmContext sm) {
        this.sm = sm;
    }

    /**
     * {@code app_client_add}: {@code appUid, clientId, encryptedAppKey, name?, kind?, lockIp?, firstAccessExpiresAt?,
     * accessExpiresAt?} → {@code {}}. Needs the application's owner or an admin, and {@code ALLOW_SECRETS_MANAGER}.
     */
    ObjectNode add(ApiCall call) {
        Caller caller = call.requireCaller();
        NewClient client = parse(Fields.body(call.body()), Optional.empty());
        return sm.store.write(h -> {
            insert(call, caller, client);
            return AppEntries.empty();
        });
    }

    /**
     * A client to add, parsed and checked.
     *
     * @param firstAccess until when the one-time token may bind
     */
    record NewClient(String appUid, String clientId, byte[] encryptedAppKey, DeviceKind kind, String name,
            boolean lockIp, Instant firstAccess, Optional<Instant> accessExpiresAt) {
    }

    /**
     * Parses {@code appUid, clientId, encryptedAppKey, name?, kind?, lockIp?, firstAccessExpiresAt?,
     * accessExpiresAt?}; {@code forcedKind} overrides {@code kind} (gateway_add).
     */
    NewClient parse(JsonNode body, Optional<DeviceKind> forcedKind) {
        String appUid = Fields.uid(body, "appUid");
        String clientId = clientId(body);
        byte[] encryptedAppKey = Fields.bytes(body, "encryptedAppKey", AppCommands.WRAPPED_KEY_BYTES,
                AppCommands.WRAPPED_KEY_BYTES);
        DeviceKind kind = forcedKind.orElseGet(() -> "gateway".equals(Fields.optionalOneOf(body, "kind", "device",
                "gateway").orElse("device")) ? DeviceKind.GATEWAY : DeviceKind.DEVICE);
        String name = Fields.optionalText(body, "name", MAX_NAME_LENGTH)
                .orElse((kind == DeviceKind.GATEWAY ? "gateway " : "device ") + clientId.substring(0, 8));
        boolean lockIp = Fields.flag(body, "lockIp", true);
        Instant now = sm.clock.instant();
        OptionalLong first = Fields.optionalLong(body, "firstAccessExpiresAt");
        Instant firstAccess = first.isPresent() ? Instant.ofEpochMilli(first.getAsLong())
                : now.plus(DEFAULT_FIRST_ACCESS);
        if (!firstAccess.isAfter(now)) {
            throw Fields.invalid("firstAccessExpiresAt", "must be in the future (epoch milliseconds)");
        }
        if (firstAccess.isAfter(now.plus(MAX_FIRST_ACCESS))) {
            throw Fields.invalid("firstAccessExpiresAt", "may be at most 24 hours from now: a one-time token must be"
                    + " used soon; create a new client later instead");
        }
        OptionalLong access = Fields.optionalLong(body, "accessExpiresAt");
        Optional<Instant> accessExpiresAt = access.isPresent() ? Optional.of(Instant.ofEpochMilli(access.getAsLong()))
                : Optional.empty();
        if (accessExpiresAt.isPresent() && !accessExpiresAt.get().isAfter(now)) {
            throw Fields.invalid("accessExpiresAt", "must be in the future (epoch milliseconds)");
        }
        return new NewClient(appUid, clientId, encryptedAppKey, kind, name, lockIp, firstAccess, accessExpiresAt);
    }

    /** Adds the client and audits it; call inside a store write transaction. */
    void insert(ApiCall call, Caller caller, NewClient c) {
        sm.managed(caller, c.appUid());
        if (sm.devices.get(c.clientId()).isPresent()) {
            throw new CastellanException(ErrorCode.CONFLICT, "a client with this clientId already exists",
                    Map.of(CastellanException.DETAIL_FIELD, "clientId"), null);
        }
        sm.devices.insert(c.clientId(), c.appUid(), c.kind(), c.name(), c.encryptedAppKey(), c.lockIp(),
                Optional.of(c.firstAccess()), c.accessExpiresAt());
        sm.audited(SmAuditEvents.DEVICE_ADDED, call, List.of(c.appUid()), Map.of("client",
                DeviceRefs.of(c.clientId()), "name", c.name(), "kind", c.kind() == DeviceKind.GATEWAY ? "gateway"
                        : "device", "lockIp", Boolean.toString(c.lockIp())));
    }

    /** {@code app_client_list}: {@code appUid} → {@code clients[]}; owner, admins and viewers. */
    ObjectNode list(ApiCall call) {
        Caller caller = call.requireCaller();
        String appUid = Fields.uid(Fields.body(call.body()), "appUid");
        return sm.store.read(h -> {
            sm.visible(caller, appUid);
            ObjectNode response = AppEntries.empty();
            ArrayNode clients = response.putArray("clients");
            sm.devices.listByApp(appUid).forEach(d -> clients.add(AppEntries.client(d)));
            return response;
        });
    }

    /**
     * {@code app_client_remove}: {@code appUid, clientId} or {@code appUid, name} → {@code {}}. A name that several
     * clients share is refused ({@code 409}); remove those by client id.
     */
    ObjectNode remove(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Fields.body(call.body());
        String appUid = Fields.uid(body, "appUid");
        Optional<String> clientId = body.hasNonNull("clientId") ? Optional.of(clientId(body)) : Optional.empty();
        Optional<String> name = Fields.optionalText(body, "name", MAX_NAME_LENGTH);
        if (clientId.isEmpty() && name.isEmpty()) {
            throw Fields.bad("clientId", "clientId or name is required");
        }
        return sm.store.write(h -> {
            sm.managed(caller, appUid);
            List<Device> matches = sm.devices.listByApp(appUid).stream()
                    .filter(d -> clientId.map(id -> id.equals(d.clientId())).orElse(true))
                    .filter(d -> name.map(n -> n.equals(d.name())).orElse(true))
                    .toList();
            if (matches.isEmpty()) {
                throw new CastellanException(ErrorCode.NOT_FOUND, "the application has no such client",
                        Map.of(CastellanException.DETAIL_FIELD, clientId.isPresent() ? "clientId" : "name"), null);
            }
            if (matches.size() > 1) {
                throw new CastellanException(ErrorCode.CONFLICT, "several clients have that name; remove one by"
                        + " clientId", Map.of(CastellanException.DETAIL_FIELD, "name"), null);
            }
            Device device = matches.get(0);
            sm.devices.delete(device.clientId());
            sm.audited(SmAuditEvents.DEVICE_REMOVED, call, List.of(appUid), Map.of("client",
                    DeviceRefs.of(device.clientId()), "name", device.name()));
            return AppEntries.empty();
        });
    }

    /** A client id: 88 characters of standard base64 of 64 bytes. */
    private static String clientId(JsonNode body) {
        JsonNode value = body.get("clientId");
        if (value == null || value.isNull()) {
            throw Fields.bad("clientId", "is required");
        }
        if (!value.isTextual() || value.textValue().length() != CLIENT_ID_LENGTH) {
            throw Fields.bad("clientId", "must be the 88-character standard base64 client id");
        }
        try {
            if (Base64s.decode(value.textValue()).length != 64) {
                throw Fields.bad("clientId", "must be the 88-character standard base64 client id");
            }
        } catch (CryptoException e) {
            throw Fields.bad("clientId", "must be the 88-character standard base64 client id");
        }
        return value.textValue();
    }
}
