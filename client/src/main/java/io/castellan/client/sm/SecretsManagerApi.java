package io.castellan.client.sm;

import io.castellan.client.api.Wire;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.api.ApiSession;
import io.castellan.client.api.Recipient;
import io.castellan.client.api.ShareApi;
import io.castellan.client.crypto.KeyType;
import io.castellan.client.keys.UserKeyring;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Uids;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The user side of Secrets Manager applications ({@code app_*} of docs/api.md). Every key is made and wrapped here;
 * the server receives only {@code AES-GCM}/{@code ECIES} blobs it cannot open, and client ids.
 */
public final class SecretsManagerApi {

    private final ApiSession session;

    /** @param session the signed-in session */
    public SecretsManagerApi(ApiSession session) {
        this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * {@code app_list}, decrypted with the user's keys. An application whose key or data does not open is skipped
     * and described in {@link Apps#problems()}.
     *
     * @param keyring the unlocked keys
     * @return the applications; close to wipe their keys
     */
    public Apps list(UserKeyring keyring) {
        List<SecretsManagerApp> apps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            for (JsonNode entry : Wire.array(session.call("app_list", Wire.object()), "apps")) {
                String uid = Wire.text(entry, "uid");
                try {
                    apps.add(open(entry, uid, keyring));
                } catch (CryptoException | CastellanException e) {
                    problems.add("application " + uid + " does not decrypt with your keys; skipped");
                }
            }
        } catch (RuntimeException e) {
            apps.forEach(SecretsManagerApp::close);
            throw e;
        }
        return new Apps(apps, problems);
    }

    private static SecretsManagerApp open(JsonNode entry, String uid, UserKeyring keyring) {
        KeyType keyType = KeyType.fromWire(Wire.text(entry, "keyType"));
        SecretBytes appKey = SecretBytes.wrap(AppCrypto.unwrapAppKey(Wire.bytes(entry, "appKey"), keyType,
                keyring));
        try {
            AppData data = AppCrypto.decryptData(Wire.bytes(entry, "data"), appKey.bytes());
            return new SecretsManagerApp(uid, data.title(), Wire.optText(entry, "role"),
                    Wire.optText(entry, "ownerUid"), keyType, appKey);
        } catch (RuntimeException e) {
            appKey.close();
            throw e;
        }
    }

    /**
     * {@code app_create}: a fresh application key, the name encrypted under it, the key wrapped with the data key.
     *
     * @param keyring the unlocked keys
     * @param title the application's name
     * @return the new application's UID
     */
    public String create(UserKeyring keyring, String title) {
        if (title == null || title.isBlank()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "an application name must not be empty");
        }
        String uid = Uids.newUid();
        try (SecretBytes appKey = AppCrypto.newAppKey()) {
            session.call("app_create", Wire.object().put("uid", uid)
                    .put("data", Wire.b64(AppCrypto.encryptData(title, appKey.bytes())))
                    .put("appKey", Wire.b64(AppCrypto.wrapForOwner(keyring, appKey.bytes()))));
        }
        return uid;
    }

    /** @return {@code app_get}: the application's grants, clients and members */
    public AppDetails get(String appUid) {
        ObjectNode answer = session.call("app_get", Wire.object().put("uid", appUid));
        List<AppGrant> grants = new ArrayList<>();
        for (JsonNode g : Wire.array(answer, "grants")) {
            grants.add(new AppGrant(Wire.text(g, "subjectUid"), Wire.optText(g, "kind"),
                    Wire.bool(g, "editable")));
        }
        List<AppMember> members = new ArrayList<>();
        for (JsonNode m : Wire.array(answer, "members")) {
            members.add(new AppMember(Wire.optText(m, "userUid"), Wire.optText(m, "email"),
                    Wire.optText(m, "role")));
        }
        return new AppDetails(grants, clients(answer), members);
    }

    /** {@code app_remove}: every device and gateway of the application stops working at once. */
    public void remove(String appUid) {
        session.call("app_remove", Wire.object().put("uid", appUid));
    }

    /**
     * {@code app_share}: seals the application key to the member's public key ({@code public_key}).
     *
     * @param app the application
     * @param email the member
     * @param role admin or viewer
     */
    public void share(SecretsManagerApp app, String email, AppRole role) {
        Recipient recipient = new ShareApi(session).publicKey(email);
        session.call("app_share", Wire.object().put("uid", app.uid()).put("email", email)
                .put("role", role.wire())
                .put("appKey", Wire.b64(AppCrypto.sealForMember(recipient.publicKey(), app.appKey()))));
    }

    /**
     * {@code app_grant_add}: wraps a record key or a shared folder's key with the application key.
     *
     * @param app the application
     * @param subjectUid the record or folder UID
     * @param kind record or folder
     * @param objectKey the record key or the shared folder's key (from the user's vault)
     * @param editable whether the application's devices may change it
     */
    public void addGrant(SecretsManagerApp app, String subjectUid, GrantKind kind, byte[] objectKey,
            boolean editable) {
        session.call("app_grant_add", Wire.object().put("appUid", app.uid()).put("subjectUid", subjectUid)
                .put("kind", kind.wire()).put("key", Wire.b64(AppCrypto.wrapGrantKey(app.appKey(), objectKey)))
                .put("editable", editable));
    }

    /** {@code app_grant_remove}: takes effect on the devices' next request. */
    public void removeGrant(String appUid, String subjectUid) {
        session.call("app_grant_remove", Wire.object().put("appUid", appUid).put("subjectUid", subjectUid));
    }

    /**
     * {@code app_client_add}: makes a one-time token (32 random bytes), registers its client id and the application
     * key wrapped with it.
     *
     * @param app the application
     * @param request name, kind, IP lock and expiry
     * @return the new client with its token; the caller prints the token once and closes it
     */
    public IssuedClient addClient(SecretsManagerApp app, NewClient request) {
        OneTimeAccessToken token = OneTimeAccessToken.generate();
        byte[] encryptedAppKey = null;
        try {
            String clientId = token.clientId();
            encryptedAppKey = AppCrypto.encryptAppKeyForClient(token.clientKey(), app.appKey());
            ObjectNode body = Wire.object().put("appUid", app.uid()).put("clientId", clientId)
                    .put("encryptedAppKey", Wire.b64(encryptedAppKey)).put("name", request.name())
                    .put("kind", request.kind().wire()).put("lockIp", request.lockIp())
                    .put("firstAccessExpiresAt", request.firstAccessExpiresAt().toEpochMilli());
            if (request.accessExpiresAt() != null) {
                body.put("accessExpiresAt", request.accessExpiresAt().toEpochMilli());
            }
            session.call("app_client_add", body);
            return new IssuedClient(app.uid(), clientId, request, token);
        } catch (RuntimeException e) {
            token.close();
            throw e;
        } finally {
            Wipe.wipe(encryptedAppKey);
        }
    }

    /** @return {@code app_client_list}: the application's devices and gateways */
    public List<AppClient> listClients(String appUid) {
        return clients(session.call("app_client_list", Wire.object().put("appUid", appUid)));
    }

    /** {@code app_client_remove} by client id: the device gets 403 from its next request. */
    public void removeClient(String appUid, String clientId) {
        session.call("app_client_remove", Wire.object().put("appUid", appUid).put("clientId", clientId));
    }

    /** {@code app_client_remove} by name. */
    public void removeClientByName(String appUid, String name) {
        session.call("app_client_remove", Wire.object().put("appUid", appUid).put("name", name));
    }

    private static List<AppClient> clients(JsonNode answer) {
        List<AppClient> out = new ArrayList<>();
        for (JsonNode c : Wire.array(answer, "clients")) {
            out.add(new AppClient(Wire.text(c, "clientId"), Wire.optText(c, "name"),
                    Wire.optText(c, "kind"), Wire.bool(c, "lockIp"), Wire.optText(c, "lockedIp"),
                    Wire.instant(c, "firstAccessExpiresAt"), Wire.instant(c, "accessExpiresAt"),
                    Wire.instant(c, "createdAt"), Wire.instant(c, "lastSeenAt"), Wire.bool(c, "bound")));
        }
        return out;
    }
}
