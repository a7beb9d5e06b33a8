package io.castellan.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.ApiRegistry;
import io.castellan.server.api.Caller;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.StoreAudit;
import io.castellan.store.Store;
import io.castellan.store.UserKeys;
import io.castellan.store.UserStatus;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test side of the vault commands: a registry that just keeps the handlers, an audit that appends to the store's
 * audit trail (inside the caller's transaction, as the real one does) and can be made to fail, a settable clock, and
 * users with real keys so tests can wrap, seal, open and decrypt exactly as a client does.
 */
final class VaultFixture {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final SecureRandom RANDOM = new SecureRandom();
    /** The server's default request-body limit (1 MiB). */
    static final long DEFAULT_BODY_LIMIT = 1024 * 1024;

    /** A registry that keeps the registered handlers and the access each needs. */
    static final class TestRegistry implements ApiRegistry {
        final Map<String, ApiCommand> commands = new HashMap<>();
        final Map<String, Access> access = new HashMap<>();
        final Map<String, Long> maxBodyBytes = new HashMap<>();

        @Override
        public void register(String command, Access needs, ApiCommand handler) {
            register(command, needs, DEFAULT_BODY_LIMIT, handler);
        }

        @Override
        public void register(String command, Access needs, long maxBody, ApiCommand handler) {
            if (maxBody < DEFAULT_BODY_LIMIT) {
                throw new IllegalArgumentException("below the default");
            }
            if (commands.putIfAbsent(command, handler) != null) {
                throw new IllegalStateException("registered twice: " + command);
            }
            access.put(command, needs);
            maxBodyBytes.put(command, maxBody);
        }
    }

    /**
     * The server's {@link StoreAudit} on the test store (it joins the caller's transaction); {@link #failing} makes
     * it refuse as an unwritable audit log would.
     */
    static final class StoreBackedAudit implements Audit {
        final StoreAudit real;
        final AtomicBoolean failing = new AtomicBoolean();

        StoreBackedAudit(Store store) {
            this.real = new StoreAudit(store.auditEvents(), Clock.systemUTC());
        }

        @Override
        public void record(String type, String actor, String sourceIp, List<String> subjects, String result) {
            record(type, actor, sourceIp, subjects, result, Map.of());
        }

        @Override
        public void record(String type, String actor, String sourceIp, List<String> subjects, String result,
                Map<String, String> details) {
            if (failing.get()) {
                throw new CastellanException(ErrorCode.AUDIT_UNAVAILABLE, "audit down (test)");
            }
            real.record(type, actor, sourceIp, subjects, result, details);
        }
    }

    /** A clock tests move by hand. */
    static final class SettableClock extends Clock {
        final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

        void advance(long by) {
            millis.addAndGet(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }
    }

    /** A user with real keys: a data key and a P-256 key pair, as a client would hold them. */
    record TestUser(String uid, String email, byte[] dataKey, KeyPair keyPair) {

        Caller caller() {
            return new Caller(uid, email, false, "session-" + uid.substring(0, 6));
        }

        byte[] publicKey() {
            return EcKeys.rawPublicKey((ECPublicKey) keyPair.getPublic());
        }

        ECPrivateKey privateKey() {
            return (ECPrivateKey) keyPair.getPrivate();
        }

        byte[] wrap(byte[] key) {
            return Aes256Gcm.encrypt(dataKey, key);
        }

        byte[] unwrap(byte[] wrapped) {
            return Aes256Gcm.decrypt(dataKey, wrapped);
        }

        byte[] sealTo(byte[] key) {
            return Ecies.seal(publicKey(), key);
        }

        byte[] open(byte[] sealed) {
            return Ecies.open(privateKey(), sealed);
        }
    }

    /** A record as its creator holds it: UID, record key and plaintext. */
    record TestRecord(String uid, byte[] recordKey, String plaintext) {

        byte[] encrypted() {
            return Aes256Gcm.encrypt(recordKey, plaintext.getBytes(StandardCharsets.UTF_8));
        }

        String decrypt(byte[] data) {
            return new String(Aes256Gcm.decrypt(recordKey, data), StandardCharsets.UTF_8);
        }
    }

    /** A folder as its creator holds it. */
    record TestFolder(String uid, byte[] folderKey) {
    }

    final Store store;
    final TestRegistry registry = new TestRegistry();
    final StoreBackedAudit audit;
    final SettableClock clock = new SettableClock();
    private int users;

    VaultFixture(Store store, VaultLimits limits) {
        this.store = store;
        this.audit = new StoreBackedAudit(store);
        VaultApi.register(registry, store, audit, clock, limits);
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String b64(byte[] bytes) {
        return Base64s.encode(bytes);
    }

    static byte[] bytes(JsonNode node, String field) {
        return Base64s.decode(node.get(field).textValue());
    }

    static ObjectNode json() {
        return NODES.objectNode();
    }

    TestUser user(String name) {
        return user(name, UserStatus.ACTIVE);
    }

    TestUser user(String name, UserStatus status) {
        KeyPair pair = EcKeys.generateKeyPair();
        String uid = Uids.newUid();
        String email = name + "-" + (++users) + "@example.test";
        UserKeys keys = new UserKeys(random(16), 1000, random(32), random(60),
                EcKeys.rawPublicKey((ECPublicKey) pair.getPublic()), random(100));
        store.users().create(uid, email, status, false, keys);
        return new TestUser(uid, email, random(32), pair);
    }

    /** Runs a command as {@code user} and returns its answer. */
    ObjectNode call(TestUser user, String command, ObjectNode body) {
        ApiCommand handler = registry.commands.get(command);
        if (handler == null) {
            throw new AssertionError("command not registered: " + command);
        }
        ObjectNode request = body.deepCopy();
        request.put("ts", clock.millis());
        return handler.handle(new ApiCall(command, request, Optional.of(user.caller()), "192.0.2.7"));
    }

    /** Runs a command expected to fail and returns the failure. */
    CastellanException fail(TestUser user, String command, ObjectNode body) {
        try {
            call(user, command, body);
        } catch (CastellanException e) {
            return e;
        }
        throw new AssertionError(command + " was expected to fail");
    }

    // ---- client-side helpers -------------------------------------------------------------------------------------

    /** Adds a record to the user's root or to a folder (a shared folder wraps the key with the folder key). */
    TestRecord addRecord(TestUser owner, String plaintext, TestFolder folder, boolean shared, ObjectNode extra) {
        TestRecord record = new TestRecord(Uids.newUid(), random(32), plaintext);
        ObjectNode body = json().put("uid", record.uid()).put("data", b64(record.encrypted()));
        if (folder != null && shared) {
            body.put("recordKey", b64(Aes256Gcm.encrypt(folder.folderKey(), record.recordKey())))
                    .put("keyType", "folder_key");
        } else {
            body.put("recordKey", b64(owner.wrap(record.recordKey()))).put("keyType", "data_key");
        }
        if (folder != null) {
            body.put("folderUid", folder.uid());
        }
        if (extra != null) {
            body.setAll(extra);
        }
        ObjectNode answer = call(owner, "record_add", body);
        if (answer.get("revision").longValue() != 1) {
            throw new AssertionError("a new record starts at revision 1");
        }
        return record;
    }

    TestRecord addRecord(TestUser owner, String plaintext) {
        return addRecord(owner, plaintext, null, false, null);
    }

    TestFolder addFolder(TestUser owner, String kind, TestFolder parent) {
        TestFolder folder = new TestFolder(Uids.newUid(), random(32));
        ObjectNode body = json().put("uid", folder.uid()).put("kind", kind)
                .put("data", b64(Aes256Gcm.encrypt(folder.folderKey(),
                        "{\"name\":\"f\"}".getBytes(StandardCharsets.UTF_8))))
                .put("folderKey", b64(owner.wrap(folder.folderKey()))).put("keyType", "data_key");
        if (parent != null) {
            body.put("parentUid", parent.uid());
        }
        call(owner, "folder_add", body);
        return folder;
    }

    void addMember(TestUser manager, TestFolder folder, TestUser member, boolean manageRecords, boolean manageUsers,
            boolean canEdit, boolean canShare) {
        call(manager, "folder_member_add", json().put("folderUid", folder.uid()).put("email", member.email())
                .put("folderKey", b64(member.sealTo(folder.folderKey()))).put("manageRecords", manageRecords)
                .put("manageUsers", manageUsers).put("canEdit", canEdit).put("canShare", canShare));
    }

    void share(TestUser sharer, TestRecord record, TestUser recipient, boolean canEdit, boolean canShare,
            Long expiresAt) {
        ObjectNode body = json().put("uid", record.uid()).put("email", recipient.email())
                .put("recordKey", b64(recipient.sealTo(record.recordKey()))).put("canEdit", canEdit)
                .put("canShare", canShare);
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt);
        }
        call(sharer, "record_share", body);
    }

    ObjectNode get(TestUser user, String uid) {
        return call(user, "record_get", json().put("uid", uid));
    }

    ObjectNode sync(TestUser user) {
        return call(user, "sync_down", json());
    }

    /** The record entries of a sync answer, by UID. */
    static Map<String, JsonNode> records(ObjectNode sync) {
        Map<String, JsonNode> out = new HashMap<>();
        sync.get("records").forEach(r -> out.put(r.get("uid").textValue(), r));
        return out;
    }

    static Map<String, JsonNode> folders(ObjectNode sync) {
        Map<String, JsonNode> out = new HashMap<>();
        sync.get("folders").forEach(f -> out.put(f.get("uid").textValue(), f));
        return out;
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).textValue()));
        return out;
    }

    /** Counts rows of a table matching a WHERE clause with one bound UID. */
    long count(String table, String where, String uid) {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + where)
                .bind("uid", uid).mapTo(Long.class).one());
    }
}
