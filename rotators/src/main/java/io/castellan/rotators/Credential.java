package io.castellan.rotators;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One account's secret: a username and either a password or an OpenSSH-format private key (or both, as a pamUser
 * record may hold). The secrets are char arrays so that {@link #wipe()} can overwrite them; accessors hand out the
 * live arrays (no copies lying around), so callers must not keep them past the credential's life.
 * {@link #toString()} never shows a secret.
 */
public final class Credential {

    private final String username;
    private final char[] password;
    private final char[] privateKey;

    private Credential(String username, char[] password, char[] privateKey) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = password;
        this.privateKey = privateKey;
    }

    /** A password credential; the array is taken over, not copied. */
    public static Credential password(String username, char[] password) {
        return new Credential(username, Objects.requireNonNull(password, "password"), null);
    }

    /** A private-key credential holding OpenSSH private key text; the array is taken over, not copied. */
    public static Credential privateKey(String username, char[] openSshPrivateKey) {
        return new Credential(username, null, Objects.requireNonNull(openSshPrivateKey, "privateKey"));
    }

    /** A credential with both a password and a private key (either may be null, not both). */
    public static Credential of(String username, char[] password, char[] openSshPrivateKey) {
        if (password == null && openSshPrivateKey == null) {
            throw new IllegalArgumentException("a credential needs a password or a private key");
        }
        return new Credential(username, password, openSshPrivateKey);
    }

    /** @return the login name (for LDAP, the entry's DN) */
    public String username() {
        return username;
    }

    /** @return the live password array, if this credential has a password */
    public Optional<char[]> password() {
        return Optional.ofNullable(password);
    }

    /** @return the live OpenSSH private key text, if this credential has one */
    public Optional<char[]> privateKey() {
        return Optional.ofNullable(privateKey);
    }

    /** @return the password, or a RotationException naming what is missing */
    public char[] requirePassword() throws RotationException {
        if (password == null) {
            throw new RotationException(FailureKind.INVALID_INPUT, "the credential of '" + username + "' has no password");
        }
        return password;
    }

    /** @return the private key text, or a RotationException naming what is missing */
    public char[] requirePrivateKey() throws RotationException {
        if (privateKey == null) {
            throw new RotationException(FailureKind.INVALID_INPUT, "the credential of '" + username + "' has no private key");
        }
        return privateKey;
    }

    /** @return a copy with a different password (the private key array is copied too) */
    public Credential withPassword(char[] newPassword) {
        return new Credential(username, newPassword, privateKey == null ? null : privateKey.clone());
    }

    /** Overwrites the secrets with zeros. */
    public void wipe() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
        if (privateKey != null) {
            Arrays.fill(privateKey, '\0');
        }
    }

    @Override
    public String toString() {
        return "Credential[" + username + (password != null ? ", password" : "") + (privateKey != null ? ", key" : "") + "]";
    }
}
