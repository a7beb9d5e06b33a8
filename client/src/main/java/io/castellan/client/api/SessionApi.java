package io.castellan.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.config.CliConfig;
import io.castellan.client.keys.UserKeyring;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signed-in user's own session: {@code whoami}, {@code logout}, and unlocking the keys.
 *
 * <p>Unlocking is how a command-line client works across processes without keeping a plaintext key: the config holds
 * {@code AES-GCM(sessionKey, dataKey)}; {@code whoami} returns the session key, which opens it. After logout or
 * expiry the server no longer has the session key and the stored blob is useless.
 */
public final class SessionApi {

    private final ApiSession session;

    /** @param session the session */
    public SessionApi(ApiSession session) {
        this.session = session;
    }

    /** @return who the session belongs to (the session key is wiped, not returned) */
    public WhoAmI whoami() {
        ObjectNode answer = session.call("whoami", Wire.object());
        wipeSessionKey(answer);
        Map<String, String> enforcements = new LinkedHashMap<>();
        answer.path("enforcements").fields().forEachRemaining(e -> enforcements.put(e.getKey(),
                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return new WhoAmI(Wire.text(answer, "userUid"), Wire.text(answer, "email"), Wire.bool(answer, "isAdmin"),
                Wire.texts(answer, "roles"), enforcements, Wire.bool(answer, "totpEnabled"));
    }

    /**
     * Starts TOTP enrolment ({@code totp_setup}); nothing changes at login until {@link #confirmTotp} succeeds.
     *
     * @return the base32 secret and the {@code otpauth://} URI to load into an authenticator app
     */
    public TotpEnrolment setupTotp() {
        ObjectNode answer = session.call("totp_setup", Wire.object());
        return new TotpEnrolment(Wire.text(answer, "secret"), Wire.text(answer, "otpauthUri"));
    }

    /** Confirms enrolment with a current code ({@code totp_confirm}); from then on login needs a code. */
    public void confirmTotp(String code) {
        session.call("totp_confirm", Wire.object().put("code", code));
    }

    /** Revokes the session on the server. */
    public void logout() {
        session.call("logout", Wire.object());
    }

    /**
     * @param config the config holding the session's key blobs
     * @return the unlocked keys; close them when done
     * @throws CastellanException ({@link ErrorCode#UNAUTHENTICATED}) when the blob does not open (a different
     *     session, or a tampered file)
     */
    public UserKeyring unlock(CliConfig config) {
        if (!config.hasSession()) {
            throw notLoggedIn();
        }
        ObjectNode answer = session.call("whoami", Wire.object());
        byte[] sessionKey = Wire.bytes(answer, "sessionKey");
        byte[] dataKey;
        try {
            dataKey = Aes256Gcm.decrypt(sessionKey, Base64s.decode(config.sessionDataKey()));
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.UNAUTHENTICATED,
                    "the stored keys do not belong to this session; log in again with 'castellan login EMAIL'");
        } finally {
            Wipe.wipe(sessionKey);
            wipeSessionKey(answer);
        }
        try {
            return UserKeyring.open(dataKey, Base64s.decode(config.encryptedPrivateKey()),
                    Base64s.decode(config.publicKey()));
        } catch (CryptoException e) {
            Wipe.wipe(dataKey);
            throw new CastellanException(ErrorCode.UNAUTHENTICATED,
                    "the stored keys are damaged; log in again with 'castellan login EMAIL'");
        }
    }

    /** @return the error for commands that need a session when there is none */
    public static CastellanException notLoggedIn() {
        return new CastellanException(ErrorCode.UNAUTHENTICATED, "not logged in; run 'castellan login EMAIL'");
    }

    private static void wipeSessionKey(JsonNode answer) {
        if (answer instanceof ObjectNode object) {
            object.remove("sessionKey");
        }
    }
}
