package io.castellan.client.api;

/**
 * The outcome of a successful login, in the form the CLI stores: the data key appears only as
 * {@code AES-GCM(sessionKey, dataKey)}, which the server-held session key must open again.
 *
 * @param email the account's e-mail as the server spells it
 * @param userUid the account's UID
 * @param admin whether the account is an administrator
 * @param session the session token
 * @param sessionDataKey standard base64 of {@code AES-GCM(sessionKey, dataKey)}
 * @param encryptedPrivateKey standard base64 of {@code AES-GCM(dataKey, PKCS#8)}
 * @param publicKey standard base64 of the raw public key
 * @param idleTimeoutSeconds the session's idle timeout
 */
public record SignedIn(String email, String userUid, boolean admin, String session, String sessionDataKey,
        String encryptedPrivateKey, String publicKey, long idleTimeoutSeconds) {

    @Override
    public String toString() {
        return "SignedIn[" + email + ", " + userUid + "]";
    }
}
