package io.castellan.server.account;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.CryptoException;
import io.castellan.server.files.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's at-rest key, {@code <dataDir>/keys/at-rest.key} (32 random bytes, mode 0600): encrypts the few
 * secrets the server itself must be able to read back, such as TOTP seeds, so the database alone never holds them in
 * the clear. Each use names a context (bound as AES-GCM associated data), so a sealed value cannot be moved to
 * another user or purpose. Every server node of a cluster needs the same file (like the transmission keys).
 *
 * <p>This key opens no vault data: records, folders and user keys are encrypted by clients with keys the server never
 * sees.
 */
public final class AtRestKey {

    /** Where the key lives, relative to the data directory. */
    public static final String FILE = "keys/at-rest.key";

    private final byte[] key;

    private AtRestKey(byte[] key) {
        this.key = key;
    }

    /** Loads the key, generating it on first start. */
    public static AtRestKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        SecureFiles.ensurePrivateDirectory(file.getParent());
        try {
            if (!Files.exists(file)) {
                SecureFiles.writePrivate(file, CastellanRandom.bytes(Aes256Gcm.KEY_LENGTH));
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != Aes256Gcm.KEY_LENGTH) {
                throw new IllegalStateException(file + " is corrupt: expected " + Aes256Gcm.KEY_LENGTH + " bytes");
            }
            return new AtRestKey(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the at-rest key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Encrypts {@code plaintext} for {@code context} (e.g. {@code totp:<userUid>}). */
    public byte[] seal(byte[] plaintext, String context) {
        return Aes256Gcm.encrypt(key, plaintext, aad(context));
    }

    /**
     * Decrypts a value sealed for {@code context}.
     *
     * @throws IllegalStateException when it does not open: another installation's key, or tampering
     */
    public byte[] open(byte[] sealed, String context) {
        try {
            return Aes256Gcm.decrypt(key, sealed, aad(context));
        } catch (CryptoException e) {
            throw new IllegalStateException("a value sealed with the at-rest key does not open (" + FILE
                    + " differs from the one that sealed it, or the value was altered)");
        }
    }

    private static byte[] aad(String context) {
        return ("castellan/at-rest/" + context).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AtRestKey[hidden]";
    }
}
