package io.castellan.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.keys.AccountMaterial;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.ConstantTime;
import io.castellan.crypto.Hmacs;
import io.castellan.crypto.Uids;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory implementation of the user API of docs/api.md for tests, written from the document (not from the
 * client): it stores only what a real server stores (ciphertext, wrapped keys, a salted verifier of the auth hash)
 * and enforces the visibility and permission rules the client relies on. It is a {@link FakeApiServer.Handler}.
 */
public final class InMemoryVault implements FakeApiServer.Handler {

    /** PBKDF2 iterations tests use; pair with {@code -Dcastellan.client.minIterations}. */
    public static final int TEST_ITERATIONS = 1000;

    /** A stored account. */
    public static final class User {
        public final String uid;
        public final String email;
        public boolean admin;
        public String status;
        String inviteCode;
        public byte[] salt;
        public int iterations;
        byte[] serverSalt;
        byte[] verifier;
        public byte[] encryptedDataKey;
        public byte[] publicKey;
        public byte[] encryptedPrivateKey;
        String totp;
        final TreeSet<String> roles = new TreeSet<>();
        final TreeSet<String> teams = new TreeSet<>();

        User(String uid, String email) {
            this.uid = uid;
            this.email = email;
        }
    }

    /** A stored record: ciphertext and the owner's wrapped key. */
    public static final class RecordRow {
        public final String uid;
        final String ownerUid;
        public String folderUid;
        public byte[] data;
        public long revision = 1;
        public String keyType;
        public byte[] recordKey;
        JsonNode links;
        final List<ObjectNode> history = new ArrayList<>();
        final Map<String, ObjectNode> attachments = new LinkedHashMap<>();

        RecordRow(String uid, String ownerUid) {
            this.uid = uid;
            this.ownerUid = ownerUid;
        }
    }

    record Share(byte[] recordKey, boolean canEdit, boolean canShare, Long expiresAt) {
    }

    record Folder(String uid, String kind, String parentUid, byte[] data, String ownerUid) {
    }

    record FolderKey(byte[] folderKey, String keyType, boolean manageRecords, boolean manageUsers, boolean canEdit,
            boolean canShare) {
    }

    /** A stored Secrets Manager application: ciphertext, wrapped keys, grants and clients (docs/api.md). */
    public static final class AppRow {
        public final String uid;
        public final String ownerUid;
        public byte[] data;
        /** user UID -> that member's wrapped application key and role. */
        public final Map<String, AppMemberRow> members = new LinkedHashMap<>();
        /** subject UID -> grant. */
        public final Map<String, GrantRow> grants = new LinkedHashMap<>();
        /** client id -> client. */
        public final Map<String, ClientRow> clients = new LinkedHashMap<>();

        AppRow(String uid, String ownerUid) {
            this.uid = uid;
            this.ownerUid = ownerUid;
        }
    }

    /** A member's copy of an application key. */
    public record AppMemberRow(byte[] appKey, String keyType, String role) {
    }

    /** A record or folder key wrapped with an application key. */
    public record GrantRow(String kind, byte[] key, boolean editable) {
    }

    /** A device or gateway of an application, as {@code app_client_add} stored it. */
    public static final class ClientRow {
        public final String clientId;
        public String name;
        public String kind;
        public boolean lockIp;
        public byte[] encryptedAppKey;
        public long firstAccessExpiresAt;
        public Long accessExpiresAt;
        public long createdAt;

        ClientRow(String clientId) {
            this.clientId = clientId;
        }
    }

    /** Applications by UID. */
    public final Map<String, AppRow> apps = new LinkedHashMap<>();

    private final Map<String, User> usersByEmail = new ConcurrentHashMap<>();
    private final Map<String, String[]> sessions = new ConcurrentHashMap<>(); // token -> {userUid, sessionKey b64}
    public final Map<String, RecordRow> records = new LinkedHashMap<>();
    private final Map<String, Map<String, Share>> shares = new LinkedHashMap<>(); // record -> user -> share
    private final Map<String, Folder> folders = new LinkedHashMap<>();
    private final Map<String, Map<String, FolderKey>> folderKeys = new LinkedHashMap<>(); // folder -> user -> key
    private final Map<String, Map<String, Object>> teams = new TreeMap<>();
    private final Map<String, Map<String, Object>> roles = new TreeMap<>();
    private final byte[] fakeSaltSecret = CastellanRandom.bytes(32);

    /** Creates an administrator directly (what {@code server init-admin} does offline). */
    public synchronized User createAdmin(String email, AccountMaterial material) {
        User user = new User(Uids.newUid(), email.toLowerCase());
        user.admin = true;
        setKeys(user, material);
        usersByEmail.put(user.email, user);
        return user;
    }

    /** @return the invitation code for a new user */
    public synchronized String invite(String email) {
        User user = new User(Uids.newUid(), email.toLowerCase());
        user.status = "invited";
        user.inviteCode = Uids.newUid();
        usersByEmail.put(user.email, user);
        return user.inviteCode;
    }

    public User user(String email) {
        return usersByEmail.get(email.toLowerCase());
    }

    public void requireTotp(String email, String code) {
        user(email).totp = code;
    }

    /** Simulates another client's write: bumps the revision of a record. */
    public synchronized void bumpRevision(String uid) {
        records.get(uid).revision++;
    }

    /** @return how many sessions are live */
    public int liveSessions() {
        return sessions.size();
    }

    @Override
    public synchronized ObjectNode handle(String command, ObjectNode req) {
        return switch (command) {
            case "login_start" -> loginStart(req);
            case "login" -> login(req);
            case "register" -> register(req);
            case "logout" -> {
                me(req);
                sessions.remove(req.get("session").asText());
                yield ok();
            }
            case "whoami" -> whoami(req);
            case "public_key" -> publicKey(req);
            case "sync_down" -> syncDown(me(req));
            case "record_add" -> recordAdd(me(req), req);
            case "record_update" -> recordUpdate(me(req), req);
            case "record_get" -> entry(me(req), row(req.path("uid").asText()))
                    .orElseThrow(() -> notFound("record"));
            case "record_history" -> recordHistory(me(req), req);
            case "record_delete" -> recordDelete(me(req), req);
            case "record_move" -> recordMove(me(req), req);
            case "folder_add" -> folderAdd(me(req), req);
            case "folder_delete" -> folderDelete(me(req), req);
            case "record_share" -> recordShare(me(req), req);
            case "record_unshare" -> recordUnshare(me(req), req);
            case "folder_member_add" -> memberAdd(me(req), req);
            case "folder_member_remove" -> memberRemove(me(req), req);
            case "attachment_upload" -> attachmentUpload(me(req), req);
            case "attachment_download" -> attachmentDownload(me(req), req);
            default -> command.startsWith("enterprise_") ? enterprise(admin(req), command, req)
                    : command.startsWith("app_") ? app(me(req), command, req)
                    : refuse(404, "not_found", "no such command");
        };
    }

    // ---- accounts

    private ObjectNode loginStart(ObjectNode req) {
        User user = usersByEmail.get(req.path("email").asText().toLowerCase());
        if (user == null || user.salt == null) {
            byte[] fake = Arrays.copyOf(Hmacs.hmacSha256(fakeSaltSecret,
                    req.path("email").asText().toLowerCase().getBytes(StandardCharsets.UTF_8)), 16);
            return ok().put("salt", Base64s.encode(fake)).put("iterations", TEST_ITERATIONS);
        }
        return ok().put("salt", Base64s.encode(user.salt)).put("iterations", user.iterations);
    }

    private ObjectNode login(ObjectNode req) {
        User user = usersByEmail.get(req.path("email").asText().toLowerCase());
        byte[] authHash = Base64s.decode(req.path("authHash").asText());
        if (user == null || user.verifier == null || !"active".equals(user.status)
                || !ConstantTime.equals(Hmacs.hmacSha256(user.serverSalt, authHash), user.verifier)) {
            throw new FakeApiServer.Refusal(401, "unauthenticated", "wrong e-mail or password");
        }
        if (user.totp != null && !req.has("totp")) {
            throw new FakeApiServer.Refusal(401, "unauthenticated", "a TOTP code is required")
                    .with("totpRequired", true);
        }
        if (user.totp != null && !user.totp.equals(req.path("totp").asText())) {
            throw new FakeApiServer.Refusal(401, "unauthenticated", "wrong TOTP code");
        }
        String token = Base64s.encodeWebSafe(CastellanRandom.bytes(32));
        String sessionKey = Base64s.encode(CastellanRandom.bytes(32));
        sessions.put(token, new String[] {user.uid, sessionKey});
        return ok().put("session", token).put("sessionKey", sessionKey).put("userUid", user.uid)
                .put("email", user.email).put("isAdmin", user.admin)
                .put("encryptedDataKey", Base64s.encode(user.encryptedDataKey))
                .put("publicKey", Base64s.encode(user.publicKey))
                .put("encryptedPrivateKey", Base64s.encode(user.encryptedPrivateKey))
                .put("idleTimeoutSeconds", 3600);
    }

    private ObjectNode register(ObjectNode req) {
        User user = usersByEmail.get(req.path("email").asText().toLowerCase());
        if (user == null || !"invited".equals(user.status)
                || !req.path("inviteCode").asText().equals(user.inviteCode)) {
            return refuse(403, "forbidden", "no valid invitation");
        }
        setKeys(user, new AccountMaterial(b(req, "salt"), req.path("iterations").asInt(), b(req, "authHash"),
                b(req, "encryptedDataKey"), b(req, "publicKey"), b(req, "encryptedPrivateKey")));
        user.inviteCode = null;
        return ok().put("userUid", user.uid);
    }

    private static void setKeys(User user, AccountMaterial m) {
        user.salt = m.salt();
        user.iterations = m.iterations();
        user.serverSalt = CastellanRandom.bytes(16);
        user.verifier = Hmacs.hmacSha256(user.serverSalt, m.authHash());
        user.encryptedDataKey = m.encryptedDataKey();
        user.publicKey = m.publicKey();
        user.encryptedPrivateKey = m.encryptedPrivateKey();
        user.status = "active";
    }

    private ObjectNode whoami(ObjectNode req) {
        User me = me(req);
        ObjectNode out = ok().put("userUid", me.uid).put("email", me.email).put("isAdmin", me.admin)
                .put("totpEnabled", me.totp != null).put("sessionKey", sessions.get(req.get("session").asText())[1]);
        me.roles.forEach(out.withArray("roles")::add);
        ObjectNode enforcements = out.putObject("enforcements");
        for (String role : me.roles) {
            roles.values().stream().filter(r -> role.equals(r.get("name"))).findFirst().ifPresent(r ->
                    ((Map<?, ?>) r.get("enforcements")).forEach((k, v) -> enforcements.put((String) k, (String) v)));
        }
        return out;
    }

    private ObjectNode publicKey(ObjectNode req) {
        me(req);
        User user = usersByEmail.get(req.path("email").asText().toLowerCase());
        if (user == null || !"active".equals(user.status)) {
            throw notFound("user");
        }
        return ok().put("userUid", user.uid).put("publicKey", Base64s.encode(user.publicKey));
    }

    // ---- vault

    private ObjectNode syncDown(User me) {
        ObjectNode out = ok();
        ArrayNode folderArray = out.putArray("folders");
        ArrayNode members = out.putArray("sharedFolderMembers");
        folderKeys.forEach((folderUid, byUser) -> {
            FolderKey key = byUser.get(me.uid);
            if (key == null) {
                return;
            }
            Folder f = folders.get(folderUid);
            ObjectNode entry = folderArray.addObject().put("uid", f.uid).put("kind", f.kind)
                    .put("data", Base64s.encode(f.data)).put("folderKey", Base64s.encode(key.folderKey))
                    .put("keyType", key.keyType);
            if (f.parentUid != null) {
                entry.put("parentUid", f.parentUid);
            }
            if ("shared".equals(f.kind)) {
                byUser.forEach((userUid, k) -> members.addObject().put("folderUid", folderUid).put("userUid", userUid)
                        .put("email", byUid(userUid).email).put("manageRecords", k.manageRecords)
                        .put("manageUsers", k.manageUsers).put("canEdit", k.canEdit).put("canShare", k.canShare));
            }
        });
        ArrayNode recordArray = out.putArray("records");
        records.values().forEach(r -> entry(me, r).ifPresent(recordArray::add));
        return out;
    }

    private Optional<ObjectNode> entry(User me, RecordRow r) {
        if (r == null) {
            return Optional.empty();
        }
        String keyType;
        byte[] key;
        boolean canEdit;
        boolean canShare;
        Long expiresAt = null;
        FolderKey membership = r.folderUid == null ? null : folderKeys.getOrDefault(r.folderUid, Map.of()).get(me.uid);
        Share share = shares.getOrDefault(r.uid, Map.of()).get(me.uid);
        if (share != null && share.expiresAt != null && share.expiresAt < System.currentTimeMillis()) {
            shares.get(r.uid).remove(me.uid); // an expired share is deleted, not hidden
            share = null;
        }
        if (r.ownerUid.equals(me.uid) || ("folder_key".equals(r.keyType) && membership != null)) {
            keyType = r.keyType;
            key = r.recordKey;
            canEdit = r.ownerUid.equals(me.uid) || membership.canEdit;
            canShare = r.ownerUid.equals(me.uid) || membership.canShare;
        } else if (share != null) {
            keyType = "public_key";
            key = share.recordKey;
            canEdit = share.canEdit;
            canShare = share.canShare;
            expiresAt = share.expiresAt;
        } else {
            return Optional.empty();
        }
        ObjectNode e = FakeApiServer.MAPPER.createObjectNode().put("uid", r.uid).put("revision", r.revision)
                .put("data", Base64s.encode(r.data)).put("recordKey", Base64s.encode(key)).put("keyType", keyType)
                .put("ownerUid", r.ownerUid).put("canEdit", canEdit).put("canShare", canShare);
        e.put("folderUid", r.folderUid);
        if (expiresAt == null) {
            e.putNull("expiresAt");
        } else {
            e.put("expiresAt", expiresAt);
        }
        e.set("links", r.links == null ? e.arrayNode() : r.links.deepCopy());
        ArrayNode attachments = e.putArray("attachments");
        r.attachments.values().forEach(a -> attachments.addObject().put("uid", a.get("uid").asText())
                .put("encryptedFileKey", a.get("encryptedFileKey").asText())
                .put("encryptedMeta", a.get("encryptedMeta").asText())
                .put("size", Base64s.decode(a.get("data").asText()).length));
        return Optional.of(e);
    }

    private ObjectNode recordAdd(User me, ObjectNode req) {
        String uid = req.path("uid").asText();
        if (!Uids.isValid(uid) || records.containsKey(uid)) {
            return refuse(409, "conflict", "record UID taken or invalid");
        }
        String keyType = req.path("keyType").asText();
        String folderUid = req.hasNonNull("folderUid") ? req.get("folderUid").asText() : null;
        if (folderUid != null && !folderKeys.getOrDefault(folderUid, Map.of()).containsKey(me.uid)) {
            throw notFound("folder");
        }
        boolean shared = folderUid != null && "shared".equals(folders.get(folderUid).kind);
        if (!(shared ? "folder_key" : "data_key").equals(keyType)) {
            return refuse(400, "bad_request", "wrong keyType for the folder");
        }
        RecordRow row = new RecordRow(uid, me.uid);
        row.folderUid = folderUid;
        row.data = b(req, "data");
        row.keyType = keyType;
        row.recordKey = b(req, "recordKey");
        row.links = req.get("links");
        records.put(uid, row);
        return ok().put("revision", row.revision);
    }

    private ObjectNode recordUpdate(User me, ObjectNode req) {
        RecordRow r = row(req.path("uid").asText());
        ObjectNode entry = entry(me, r).orElseThrow(() -> notFound("record"));
        if (!entry.get("canEdit").asBoolean()) {
            return refuse(403, "forbidden", "you may not edit this record");
        }
        if (req.path("revision").asLong() != r.revision) {
            throw new FakeApiServer.Refusal(409, "conflict", "stale revision").with("revision", r.revision);
        }
        r.history.add(0, FakeApiServer.MAPPER.createObjectNode().put("revision", r.revision)
                .put("data", Base64s.encode(r.data)).put("modifiedAt", System.currentTimeMillis()));
        r.data = b(req, "data");
        if (req.has("links")) {
            r.links = req.get("links");
        }
        r.revision++;
        return ok().put("revision", r.revision);
    }

    private ObjectNode recordHistory(User me, ObjectNode req) {
        RecordRow r = row(req.path("uid").asText());
        entry(me, r).orElseThrow(() -> notFound("record"));
        ObjectNode out = ok();
        r.history.forEach(out.putArray("revisions")::add);
        return out;
    }

    private ObjectNode recordDelete(User me, ObjectNode req) {
        for (JsonNode uid : req.path("uids")) {
            RecordRow r = row(uid.asText());
            if (r == null || !r.ownerUid.equals(me.uid)) {
                throw notFound("record");
            }
        }
        req.path("uids").forEach(uid -> {
            records.remove(uid.asText());
            shares.remove(uid.asText());
        });
        return ok();
    }

    private ObjectNode recordMove(User me, ObjectNode req) {
        RecordRow r = row(req.path("uid").asText());
        if (r == null || !r.ownerUid.equals(me.uid)) {
            throw notFound("record");
        }
        String folderUid = req.hasNonNull("folderUid") ? req.get("folderUid").asText() : null;
        if (folderUid != null && !folderKeys.getOrDefault(folderUid, Map.of()).containsKey(me.uid)) {
            throw notFound("folder");
        }
        r.folderUid = folderUid;
        r.keyType = req.path("keyType").asText();
        r.recordKey = b(req, "recordKey");
        return ok();
    }

    private ObjectNode folderAdd(User me, ObjectNode req) {
        String uid = req.path("uid").asText();
        String parent = req.hasNonNull("parentUid") ? req.get("parentUid").asText() : null;
        if (!Uids.isValid(uid) || folders.containsKey(uid)) {
            return refuse(409, "conflict", "folder UID taken or invalid");
        }
        if (parent != null && !folderKeys.getOrDefault(parent, Map.of()).containsKey(me.uid)) {
            throw notFound("folder");
        }
        folders.put(uid, new Folder(uid, req.path("kind").asText(), parent, b(req, "data"), me.uid));
        folderKeys.computeIfAbsent(uid, k -> new LinkedHashMap<>()).put(me.uid,
                new FolderKey(b(req, "folderKey"), req.path("keyType").asText(), true, true, true, true));
        return ok();
    }

    private ObjectNode folderDelete(User me, ObjectNode req) {
        String uid = req.path("uid").asText();
        Folder f = folders.get(uid);
        if (f == null || !f.ownerUid.equals(me.uid)) {
            throw notFound("folder");
        }
        if (records.values().stream().anyMatch(r -> uid.equals(r.folderUid))
                || folders.values().stream().anyMatch(c -> uid.equals(c.parentUid))) {
            return refuse(409, "conflict", "the folder is not empty");
        }
        folders.remove(uid);
        folderKeys.remove(uid);
        return ok();
    }

    private ObjectNode recordShare(User me, ObjectNode req) {
        RecordRow r = row(req.path("uid").asText());
        ObjectNode entry = entry(me, r).orElseThrow(() -> notFound("record"));
        if (!entry.get("canShare").asBoolean()) {
            return refuse(403, "forbidden", "you may not share this record");
        }
        User to = activeUser(req.path("email").asText());
        shares.computeIfAbsent(r.uid, k -> new LinkedHashMap<>()).put(to.uid, new Share(b(req, "recordKey"),
                req.path("canEdit").asBoolean(), req.path("canShare").asBoolean(),
                req.hasNonNull("expiresAt") ? req.get("expiresAt").longValue() : null));
        return ok();
    }

    private ObjectNode recordUnshare(User me, ObjectNode req) {
        RecordRow r = row(req.path("uid").asText());
        entry(me, r).orElseThrow(() -> notFound("record"));
        User to = activeUser(req.path("email").asText());
        if (shares.getOrDefault(r.uid, new LinkedHashMap<>()).remove(to.uid) == null) {
            throw notFound("share");
        }
        return ok();
    }

    private ObjectNode memberAdd(User me, ObjectNode req) {
        String folderUid = req.path("folderUid").asText();
        FolderKey mine = folderKeys.getOrDefault(folderUid, Map.of()).get(me.uid);
        if (mine == null || !"shared".equals(folders.get(folderUid).kind)) {
            throw notFound("shared folder");
        }
        if (!mine.manageUsers) {
            return refuse(403, "forbidden", "you may not manage members");
        }
        User to = activeUser(req.path("email").asText());
        folderKeys.get(folderUid).put(to.uid, new FolderKey(b(req, "folderKey"), "public_key",
                req.path("manageRecords").asBoolean(), req.path("manageUsers").asBoolean(),
                req.path("canEdit").asBoolean(), req.path("canShare").asBoolean()));
        return ok();
    }

    private ObjectNode memberRemove(User me, ObjectNode req) {
        String folderUid = req.path("folderUid").asText();
        FolderKey mine = folderKeys.getOrDefault(folderUid, Map.of()).get(me.uid);
        if (mine == null || !mine.manageUsers) {
            throw notFound("shared folder");
        }
        if (folderKeys.get(folderUid).remove(activeUser(req.path("email").asText()).uid) == null) {
            throw notFound("member");
        }
        return ok();
    }

    private ObjectNode attachmentUpload(User me, ObjectNode req) {
        RecordRow r = row(req.path("recordUid").asText());
        ObjectNode entry = entry(me, r).orElseThrow(() -> notFound("record"));
        if (!entry.get("canEdit").asBoolean()) {
            return refuse(403, "forbidden", "you may not edit this record");
        }
        r.attachments.put(req.path("uid").asText(), req.deepCopy());
        return ok();
    }

    private ObjectNode attachmentDownload(User me, ObjectNode req) {
        String uid = req.path("uid").asText();
        for (RecordRow r : records.values()) {
            ObjectNode a = r.attachments.get(uid);
            if (a != null && entry(me, r).isPresent()) {
                return ok().put("encryptedFileKey", a.get("encryptedFileKey").asText())
                        .put("encryptedMeta", a.get("encryptedMeta").asText()).put("data", a.get("data").asText());
            }
        }
        throw notFound("attachment");
    }

    // ---- enterprise

    @SuppressWarnings("unchecked")
    private ObjectNode enterprise(User admin, String command, ObjectNode req) {
        switch (command) {
            case "enterprise_user_add":
                if (usersByEmail.containsKey(req.path("email").asText().toLowerCase())) {
                    return refuse(409, "conflict", "the user exists");
                }
                return ok().put("inviteCode", invite(req.path("email").asText()));
            case "enterprise_user_disable":
                User u = activeUser(req.path("email").asText());
                u.status = "disabled";
                sessions.values().removeIf(s -> s[0].equals(u.uid));
                return ok();
            case "enterprise_user_list":
                ObjectNode list = ok();
                ArrayNode users = list.putArray("users");
                usersByEmail.values().stream().sorted((a, b) -> a.email.compareTo(b.email)).forEach(x -> {
                    ObjectNode o = users.addObject().put("userUid", x.uid).put("email", x.email)
                            .put("status", x.status).put("isAdmin", x.admin);
                    x.roles.forEach(o.withArray("roles")::add);
                    x.teams.forEach(o.withArray("teams")::add);
                });
                return list;
            case "enterprise_team_add":
            case "enterprise_role_add":
                boolean team = command.contains("team");
                String uid = Uids.newUid();
                Map<String, Object> group = new LinkedHashMap<>(Map.of("name", req.path("name").asText(),
                        "members", new TreeSet<String>(), "enforcements", new TreeMap<String, String>()));
                (team ? teams : roles).put(uid, group);
                return ok().put(team ? "teamUid" : "roleUid", uid);
            case "enterprise_team_member":
            case "enterprise_role_member":
                boolean isTeam = command.contains("team");
                String name = req.path(isTeam ? "team" : "role").asText();
                Map<String, Object> g = (isTeam ? teams : roles).entrySet().stream()
                        .filter(x -> name.equals(x.getKey()) || name.equals(x.getValue().get("name")))
                        .map(Map.Entry::getValue).findFirst().orElseThrow(() -> notFound("group"));
                String groupName = (String) g.get("name");
                User member = activeUser(req.path("email").asText());
                TreeSet<String> set = isTeam ? member.teams : member.roles;
                if (req.path("remove").asBoolean()) {
                    set.remove(groupName);
                    ((TreeSet<String>) g.get("members")).remove(member.email);
                } else {
                    set.add(groupName);
                    ((TreeSet<String>) g.get("members")).add(member.email);
                }
                return ok();
            case "enterprise_team_list":
                // team keys are not modelled here: every team is keyless and every member pending
                ObjectNode teamList = ok();
                ArrayNode teamArray = teamList.putArray("teams");
                teams.forEach((id, x) -> {
                    ArrayNode members = teamArray.addObject().put("teamUid", id).put("name", (String) x.get("name"))
                            .putArray("members");
                    ((TreeSet<String>) x.get("members")).forEach(email -> {
                        User m = usersByEmail.get(email);
                        members.addObject().put("userUid", m.uid).put("email", email).put("pending", true)
                                .put("publicKey", Base64s.encode(m.publicKey));
                    });
                });
                return teamList;
            case "enterprise_role_enforcement":
                String role = req.path("role").asText();
                if (!req.path("policy").asText().startsWith("ALLOW_")) {
                    return refuse(400, "bad_request", "unknown policy");
                }
                Map<String, Object> r = roles.values().stream().filter(x -> role.equals(x.get("name"))).findFirst()
                        .orElseThrow(() -> notFound("role"));
                ((Map<String, String>) r.get("enforcements")).put(req.path("policy").asText(),
                        req.path("value").asText());
                return ok();
            case "enterprise_role_list":
                ObjectNode out = ok();
                ArrayNode array = out.putArray("roles");
                roles.forEach((id, x) -> {
                    ObjectNode o = array.addObject().put("roleUid", id).put("name", (String) x.get("name"));
                    ((Map<String, String>) x.get("enforcements")).forEach(o.putObject("enforcements")::put);
                    ((TreeSet<String>) x.get("members")).forEach(o.withArray("members")::add);
                });
                return out;
            default:
                return refuse(404, "not_found", "no such command");
        }
    }

    // ---- Secrets Manager applications (user side)

    private ObjectNode app(User me, String command, ObjectNode req) {
        return switch (command) {
            case "app_create" -> {
                String uid = req.path("uid").asText();
                if (!Uids.isValid(uid) || apps.containsKey(uid)) {
                    yield refuse(409, "conflict", "application UID taken or invalid");
                }
                AppRow app = new AppRow(uid, me.uid);
                app.data = b(req, "data");
                app.members.put(me.uid, new AppMemberRow(b(req, "appKey"), "data_key", "owner"));
                apps.put(uid, app);
                yield ok();
            }
            case "app_list" -> {
                ObjectNode out = ok();
                ArrayNode array = out.putArray("apps");
                apps.values().stream().filter(a -> a.members.containsKey(me.uid))
                        .forEach(a -> array.add(appEntry(a, me)));
                yield out;
            }
            case "app_get" -> {
                AppRow app = visibleApp(me, req.path("uid").asText());
                ObjectNode out = appEntry(app, me);
                ArrayNode grants = out.putArray("grants");
                app.grants.forEach((subject, g) -> grants.addObject().put("subjectUid", subject).put("kind", g.kind)
                        .put("editable", g.editable));
                out.set("clients", clientArray(app));
                ArrayNode members = out.putArray("members");
                app.members.forEach((userUid, m) -> members.addObject().put("userUid", userUid)
                        .put("email", byUid(userUid).email).put("role", m.role));
                yield out;
            }
            case "app_remove" -> {
                AppRow app = visibleApp(me, req.path("uid").asText());
                if (!app.ownerUid.equals(me.uid)) {
                    yield refuse(403, "forbidden", "only the owner removes an application");
                }
                apps.remove(app.uid);
                yield ok();
            }
            case "app_share" -> {
                AppRow app = managedApp(me, req.path("uid").asText());
                String role = req.path("role").asText();
                if (!"admin".equals(role) && !"viewer".equals(role)) {
                    yield refuse(400, "bad_request", "role must be admin or viewer");
                }
                User to = activeUser(req.path("email").asText());
                app.members.put(to.uid, new AppMemberRow(b(req, "appKey"), "public_key", role));
                yield ok();
            }
            case "app_grant_add" -> {
                AppRow app = managedApp(me, req.path("appUid").asText());
                String subject = req.path("subjectUid").asText();
                String kind = req.path("kind").asText();
                if ("record".equals(kind)) {
                    ObjectNode entry = entry(me, row(subject)).orElseThrow(() -> notFound("record"));
                    if (!entry.get("canShare").asBoolean()) {
                        yield refuse(403, "forbidden", "you may not share this record");
                    }
                } else if ("folder".equals(kind)) {
                    FolderKey mine = folderKeys.getOrDefault(subject, Map.of()).get(me.uid);
                    if (mine == null) {
                        throw notFound("folder");
                    }
                    if (!"shared".equals(folders.get(subject).kind)) {
                        yield refuse(400, "bad_request", "only shared folders can be granted");
                    }
                    if (!mine.canShare && !mine.manageRecords) {
                        yield refuse(403, "forbidden", "you may not share this folder");
                    }
                } else {
                    yield refuse(400, "bad_request", "kind must be record or folder");
                }
                app.grants.put(subject, new GrantRow(kind, b(req, "key"), req.path("editable").asBoolean()));
                yield ok();
            }
            case "app_grant_remove" -> {
                AppRow app = managedApp(me, req.path("appUid").asText());
                if (app.grants.remove(req.path("subjectUid").asText()) == null) {
                    throw notFound("grant");
                }
                yield ok();
            }
            case "app_client_add" -> {
                AppRow app = managedApp(me, req.path("appUid").asText());
                String clientId = req.path("clientId").asText();
                byte[] id;
                try {
                    id = Base64s.decode(clientId);
                } catch (RuntimeException e) {
                    id = new byte[0];
                }
                if (clientId.length() != 88 || id.length != 64) {
                    yield refuse(400, "bad_request", "clientId must be 88-character standard base64");
                }
                String kind = req.path("kind").asText();
                if (!"device".equals(kind) && !"gateway".equals(kind)) {
                    yield refuse(400, "bad_request", "kind must be device or gateway");
                }
                if (!req.path("lockIp").isBoolean() || !req.path("firstAccessExpiresAt").isIntegralNumber()
                        || !req.path("name").isTextual()) {
                    yield refuse(400, "bad_request", "lockIp, firstAccessExpiresAt and name are required");
                }
                if (apps.values().stream().anyMatch(a -> a.clients.containsKey(clientId))) {
                    yield refuse(409, "conflict", "client id taken");
                }
                ClientRow client = new ClientRow(clientId);
                client.name = req.get("name").asText();
                client.kind = kind;
                client.lockIp = req.get("lockIp").asBoolean();
                client.encryptedAppKey = b(req, "encryptedAppKey");
                client.firstAccessExpiresAt = req.get("firstAccessExpiresAt").longValue();
                client.accessExpiresAt = req.hasNonNull("accessExpiresAt") ? req.get("accessExpiresAt").longValue()
                        : null;
                client.createdAt = System.currentTimeMillis();
                app.clients.put(clientId, client);
                yield ok();
            }
            case "app_client_list" -> {
                ObjectNode out = ok();
                out.set("clients", clientArray(visibleApp(me, req.path("appUid").asText())));
                yield out;
            }
            case "app_client_remove" -> {
                AppRow app = managedApp(me, req.path("appUid").asText());
                boolean removed = req.hasNonNull("clientId")
                        ? app.clients.remove(req.get("clientId").asText()) != null
                        : app.clients.values().removeIf(c -> c.name.equals(req.path("name").asText()));
                if (!removed) {
                    throw notFound("client");
                }
                yield ok();
            }
            default -> refuse(404, "not_found", "no such command");
        };
    }

    private ObjectNode appEntry(AppRow app, User me) {
        AppMemberRow mine = app.members.get(me.uid);
        return ok().put("uid", app.uid).put("data", Base64s.encode(app.data))
                .put("appKey", Base64s.encode(mine.appKey)).put("keyType", mine.keyType).put("role", mine.role)
                .put("ownerUid", app.ownerUid);
    }

    private ArrayNode clientArray(AppRow app) {
        ArrayNode clients = FakeApiServer.MAPPER.createArrayNode();
        app.clients.values().forEach(c -> {
            ObjectNode o = clients.addObject().put("clientId", c.clientId).put("name", c.name).put("kind", c.kind)
                    .put("lockIp", c.lockIp).putNull("lockedIp").put("firstAccessExpiresAt", c.firstAccessExpiresAt)
                    .put("createdAt", c.createdAt).putNull("lastSeenAt").put("bound", false);
            if (c.accessExpiresAt == null) {
                o.putNull("accessExpiresAt");
            } else {
                o.put("accessExpiresAt", c.accessExpiresAt);
            }
        });
        return clients;
    }

    private AppRow visibleApp(User me, String uid) {
        AppRow app = apps.get(uid);
        if (app == null || !app.members.containsKey(me.uid)) {
            throw notFound("application");
        }
        return app;
    }

    /** The application, if the caller is its owner or an admin of it (viewers see but do not manage). */
    private AppRow managedApp(User me, String uid) {
        AppRow app = visibleApp(me, uid);
        if ("viewer".equals(app.members.get(me.uid).role)) {
            throw new FakeApiServer.Refusal(403, "forbidden", "viewers cannot manage the application");
        }
        return app;
    }

    /** @return the client with this id in any application, or {@code null} */
    public synchronized ClientRow client(String clientId) {
        return apps.values().stream().map(a -> a.clients.get(clientId)).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
    }

    // ---- helpers

    private User me(ObjectNode req) {
        String[] session = req.hasNonNull("session") ? sessions.get(req.get("session").asText()) : null;
        if (session == null) {
            throw new FakeApiServer.Refusal(401, "unauthenticated", "no valid session");
        }
        return byUid(session[0]);
    }

    private User admin(ObjectNode req) {
        User me = me(req);
        if (!me.admin) {
            throw new FakeApiServer.Refusal(403, "forbidden", "administrators only");
        }
        return me;
    }

    private User byUid(String uid) {
        return usersByEmail.values().stream().filter(u -> u.uid.equals(uid)).findFirst().orElseThrow();
    }

    private User activeUser(String email) {
        User user = usersByEmail.get(email.toLowerCase());
        if (user == null || !"active".equals(user.status)) {
            throw notFound("user");
        }
        return user;
    }

    private RecordRow row(String uid) {
        return records.get(uid);
    }

    private static byte[] b(ObjectNode req, String field) {
        return Base64s.decode(req.path(field).asText());
    }

    private static ObjectNode ok() {
        return FakeApiServer.MAPPER.createObjectNode();
    }

    private static ObjectNode refuse(int status, String code, String message) {
        throw new FakeApiServer.Refusal(status, code, message);
    }

    private static FakeApiServer.Refusal notFound(String what) {
        return new FakeApiServer.Refusal(404, "not_found", "no such " + what);
    }
}
