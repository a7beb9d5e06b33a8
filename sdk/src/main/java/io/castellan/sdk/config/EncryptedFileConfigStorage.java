package io.castellan.sdk.config;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Pbkdf2;
import io.castellan.crypto.Wipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A configuration file encrypted at rest: for devices that must keep their bound configuration on disk but may not
 * leave its keys readable to whoever copies the file (backups, shared volumes).
 *
 * <p>File format (one line of text): {@code castellan-config:v1:} followed by standard base64 of
 * {@code salt(16) ‖ iterations(4, big-endian) ‖ AES-256-GCM(key, config JSON)}, where
 * {@code key = PBKDF2-HMAC-SHA256(passphrase, salt, iterations, 32)}. The passphrase comes from the caller (an
 * environment variable, a secret mount, a prompt); the file is still written 0600 and replaced atomically. A wrong
 * passphrase or a modified file fails with one message that reveals neither.
 */
public final class EncryptedFileConfigStorage implements ConfigStorage {

    static final String PREFIX = "castellan-config:v1:";
    static final int ITERATIONS = 600_000;
    private static final int SALT_LENGTH = 16;

    private final Path file;
    private final char[] passphrase;
    private final int iterations;
    private byte[] salt;
    private byte[] key;
    private int currentIterations;

    private EncryptedFileConfigStorage(Path file, char[] passphrase, int iterations) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        if (passphrase == null || passphrase.length < 12) {
            throw new InvalidClientConfigException("the configuration passphrase must have at least 12 characters");
        }
        this.passphrase = passphrase.clone();
        this.iterations = iterations;
    }

    /**
     * @param file       the configuration file; it need not exist yet
     * @param passphrase at least 12 characters; copied, so the caller may wipe its array
     */
    public static EncryptedFileConfigStorage at(Path file, char[] passphrase) {
        return new EncryptedFileConfigStorage(file, passphrase, ITERATIONS);
    }

    /** For tests: a cheaper key derivation. */
    static EncryptedFileConfigStorage at(Path file, char[] passphrase, int iterations) {
        return new EncryptedFileConfigStorage(file, passphrase, iterations);
    }

    @Override
    public synchronized Optional<ClientConfig> load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidClientConfigException("cannot read the configuration file " + file);
        }
        if (!text.startsWith(PREFIX)) {
            throw new InvalidClientConfigException("the configuration file " + file + " is not an encrypted"
                    + " Castellan configuration (it does not start with " + PREFIX + ")");
        }
        byte[] blob = decodeBlob(text.substring(PREFIX.length()));
        ByteBuffer in = ByteBuffer.wrap(blob);
        byte[] fileSalt = new byte[SALT_LENGTH];
        in.get(fileSalt);
        int fileIterations = in.getInt();
        if (fileIterations < 1 || fileIterations > 100_000_000) {
            throw unreadable();
        }
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        useKey(fileSalt, fileIterations);
        byte[] json = null;
        try {
            json = Aes256Gcm.decrypt(key, sealed);
            return Optional.of(ClientConfigCodec.parse(new String(json, StandardCharsets.UTF_8)));
        } catch (CryptoException e) {
            throw unreadable();
        } finally {
            Wipe.wipe(json);
        }
    }

    @Override
    public synchronized void save(ClientConfig config) {
        if (key == null) {
            useKey(CastellanRandom.bytes(SALT_LENGTH), iterations);
        }
        byte[] json = ClientConfigCodec.toJson(config).getBytes(StandardCharsets.UTF_8);
        try {
            byte[] sealed = Aes256Gcm.encrypt(key, json);
            ByteBuffer out = ByteBuffer.allocate(SALT_LENGTH + 4 + sealed.length);
            out.put(salt).putInt(currentIterations).put(sealed);
            byte[] line = (PREFIX + Base64s.encode(out.array()) + "\n").getBytes(StandardCharsets.US_ASCII);
            FileConfigStorage.writePrivately(file, line);
        } finally {
            Wipe.wipe(json);
        }
    }

    private void useKey(byte[] newSalt, int newIterations) {
        if (key != null && java.util.Arrays.equals(salt, newSalt) && currentIterations == newIterations) {
            return;
        }
        Wipe.wipe(key);
        key = Pbkdf2.deriveKey(passphrase, newSalt, newIterations, 32);
        salt = newSalt.clone();
        currentIterations = newIterations;
    }

    private byte[] decodeBlob(String b64) {
        try {
            byte[] blob = Base64s.decode(b64);
            if (blob.length < SALT_LENGTH + 4 + 28) {
                throw unreadable();
            }
            return blob;
        } catch (CryptoException | IllegalArgumentException e) {
            throw unreadable();
        }
    }

    private InvalidClientConfigException unreadable() {
        return new InvalidClientConfigException("the configuration file " + file + " cannot be opened: wrong"
                + " passphrase, or the file was modified");
    }

    @Override
    public String toString() {
        return "EncryptedFileConfigStorage[" + file + "]";
    }
}
