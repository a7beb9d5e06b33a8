package io.castellan.client.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The contents of the CLI config file. Immutable; the {@code with…} methods return changed copies.
 *
 * @param server the server URL
 * @param tlsFingerprintSha256 the pinned certificate fingerprint (absent when a CA file is used)
 * @param caFile a PEM CA file to trust instead of a pin
 * @param email the signed-in (or last) user's e-mail
 * @param userUid the signed-in user's UID
 * @param session the session token (a bearer credential: the file is 0600)
 * @param sessionDataKey standard base64 of {@code AES-GCM(sessionKey, dataKey)}; useless without the server-held
 *     session key, which dies with the session
 * @param encryptedPrivateKey standard base64 of {@code AES-GCM(dataKey, PKCS#8)}
 * @param publicKey standard base64 of the raw public key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CliConfig(String server, String tlsFingerprintSha256, String caFile, String email, String userUid,
        String session, String sessionDataKey, String encryptedPrivateKey, String publicKey) {

    /** A config with nothing in it. */
    public static final CliConfig EMPTY = new CliConfig(null, null, null, null, null, null, null, null, null);

    /** @return whether a session is stored */
    public boolean hasSession() {
        return session != null && sessionDataKey != null && encryptedPrivateKey != null && publicKey != null;
    }

    /**
     * @param server a server URL; a different server than before drops the pin and the session
     * @return the changed copy
     */
    public CliConfig withServer(String server) {
        if (server.equals(this.server)) {
            return this;
        }
        return new CliConfig(server, null, caFile, email, null, null, null, null, null);
    }

    /** @return a copy pinning this fingerprint and dropping any CA file */
    public CliConfig withPin(String fingerprint) {
        return new CliConfig(server, fingerprint, null, email, userUid, session, sessionDataKey,
                encryptedPrivateKey, publicKey);
    }

    /** @return a copy trusting this CA file and dropping any pin */
    public CliConfig withCaFile(String caFile) {
        return new CliConfig(server, null, caFile, email, userUid, session, sessionDataKey, encryptedPrivateKey,
                publicKey);
    }

    /** @return a copy holding a new session */
    public CliConfig withSession(String email, String userUid, String session, String sessionDataKey,
            String encryptedPrivateKey, String publicKey) {
        return new CliConfig(server, tlsFingerprintSha256, caFile, email, userUid, session, sessionDataKey,
                encryptedPrivateKey, publicKey);
    }

    /** @return a copy without the session (server, pin and e-mail are kept) */
    public CliConfig loggedOut() {
        return new CliConfig(server, tlsFingerprintSha256, caFile, email, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "CliConfig[server=" + server + ", email=" + email + ", session=" + (session == null ? "none" : "set")
                + "]";
    }
}
