package io.castellan.client.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.keys.AccountKeys;
import io.castellan.client.keys.AccountMaterial;
import io.castellan.client.keys.DerivedKeys;
import io.castellan.client.keys.IterationPolicy;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.transport.ApiTransport;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/**
 * The calls that need no session: {@code register}, {@code login_start} and {@code login}.
 *
 * <p>Login runs in two steps so a TOTP prompt does not cost a second PBKDF2: {@link #prepareLogin} fetches the salt
 * and iteration count and derives the keys; {@link #login} proves them (again with a code, if the server asks).
 */
public final class AccountApi {

    private final ApiTransport transport;

    /** @param transport the transport */
    public AccountApi(ApiTransport transport) {
        this.transport = transport;
    }

    /**
     * Creates an account from an invitation.
     *
     * @param email the invited e-mail
     * @param inviteCode the code the administrator received
     * @param material the new account's keys (see {@link AccountMaterial#create})
     * @return the new user's UID
     */
    public String register(String email, String inviteCode, AccountMaterial material) {
        ObjectNode request = Wire.object().put("email", email).put("inviteCode", inviteCode)
                .put("salt", Wire.b64(material.salt())).put("iterations", material.iterations())
                .put("authHash", Wire.b64(material.authHash()))
                .put("encryptedDataKey", Wire.b64(material.encryptedDataKey()))
                .put("publicKey", Wire.b64(material.publicKey()))
                .put("encryptedPrivateKey", Wire.b64(material.encryptedPrivateKey()));
        return Wire.text(transport.call("register", request), "userUid");
    }

    /**
     * {@code login_start}, then the key derivation with the server's salt and iteration count (checked against
     * {@link IterationPolicy}).
     *
     * @param email the account's e-mail
     * @param password the master password (wiped)
     * @return the derived keys; close them when done
     */
    public DerivedKeys prepareLogin(String email, char[] password) {
        try {
            ObjectNode start = transport.call("login_start", Wire.object().put("email", email));
            byte[] salt = Wire.bytes(start, "salt");
            if (salt.length != AccountKeys.SALT_LENGTH) {
                throw new CastellanException(ErrorCode.INTERNAL, "the server sent a salt of the wrong length");
            }
            int iterations = IterationPolicy.check(Wire.intValue(start, "iterations"));
            return AccountKeys.derive(password, salt, iterations);
        } finally {
            Wipe.wipe(password);
        }
    }

    /**
     * {@code login}: proves the auth hash, opens the returned data key with the wrap key, checks the key pair, and
     * re-encrypts the data key under the session key for storage.
     *
     * @param email the account's e-mail
     * @param keys the keys from {@link #prepareLogin}
     * @param totp a TOTP code, or {@code null}
     * @return what to store
     * @throws CastellanException {@link ErrorCode#UNAUTHENTICATED} when refused; see {@link #isTotpRequired}
     */
    public SignedIn login(String email, DerivedKeys keys, String totp) {
        ObjectNode request = Wire.object().put("email", email).put("authHash", Wire.b64(keys.authHash()));
        if (totp != null) {
            request.put("totp", totp);
        }
        ObjectNode answer = transport.call("login", request);
        byte[] dataKey = keys.openDataKey(Wire.bytes(answer, "encryptedDataKey"));
        byte[] sessionKey = Wire.bytes(answer, "sessionKey");
        byte[] sessionDataKey;
        try {
            sessionDataKey = Aes256Gcm.encrypt(sessionKey, dataKey);
        } finally {
            Wipe.wipe(sessionKey);
        }
        byte[] encryptedPrivateKey = Wire.bytes(answer, "encryptedPrivateKey");
        byte[] publicKey = Wire.bytes(answer, "publicKey");
        UserKeyring.open(dataKey, encryptedPrivateKey, publicKey).close();
        return new SignedIn(Wire.text(answer, "email"), Wire.text(answer, "userUid"), Wire.bool(answer, "isAdmin"),
                Wire.text(answer, "session"), Base64s.encode(sessionDataKey), Base64s.encode(encryptedPrivateKey),
                Base64s.encode(publicKey), answer.path("idleTimeoutSeconds").asLong(0));
    }

    /** @return whether a login failure means "send a TOTP code" */
    public static boolean isTotpRequired(CastellanException e) {
        return e.code() == ErrorCode.UNAUTHENTICATED
                && "true".equals(e.detail(ApiErrorDetails.TOTP_REQUIRED).orElse(null));
    }
}
