package io.castellan.server;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Hkdf;
import io.castellan.crypto.Pbkdf2;
import io.castellan.server.account.AccountKeyMaterial;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * The client half of docs/api.md "Keys", for tests: {@code masterKey = PBKDF2-HMAC-SHA256(password, salt,
 * iterations, 32)}, {@code authHash = HKDF(masterKey, "", "castellan/auth")}, {@code wrapKey = HKDF(masterKey, "",
 * "castellan/data-key")}, a random data key wrapped with it, and a P-256 key pair whose private half is wrapped with
 * the data key. Few iterations (10,000) keep tests fast.
 */
public final class TestAccount {

    public static final int ITERATIONS = 10_000;

    public final String email;
    public final String password;
    public final byte[] salt;
    public final byte[] authHash;
    public final byte[] wrapKey;
    public final byte[] dataKey;
    public final byte[] publicKey;
    public final byte[] encryptedDataKey;
    public final byte[] encryptedPrivateKey;

    private TestAccount(String email, String password, byte[] salt) {
        this.email = email;
        this.password = password;
        this.salt = salt;
        byte[] master = masterKey(password, salt, ITERATIONS);
        this.authHash = Hkdf.derive(null, master, "castellan/auth".getBytes(StandardCharsets.US_ASCII), 32);
        this.wrapKey = Hkdf.derive(null, master, "castellan/data-key".getBytes(StandardCharsets.US_ASCII), 32);
        this.dataKey = CastellanRandom.bytes(32);
        KeyPair pair = EcKeys.generateKeyPair();
        this.publicKey = EcKeys.rawPublicKey((ECPublicKey) pair.getPublic());
        this.encryptedDataKey = Aes256Gcm.encrypt(wrapKey, dataKey);
        this.encryptedPrivateKey = Aes256Gcm.encrypt(dataKey, EcKeys.pkcs8((ECPrivateKey) pair.getPrivate()));
    }

    /** A new account's client-side material. */
    public static TestAccount create(String email, String password) {
        return new TestAccount(email, password, CastellanRandom.bytes(16));
    }

    /** The authHash a client derives for {@code password} with the salt and iterations {@code login_start} gave. */
    public static byte[] authHash(String password, byte[] salt, int iterations) {
        byte[] master = masterKey(password, salt, iterations);
        return Hkdf.derive(null, master, "castellan/auth".getBytes(StandardCharsets.US_ASCII), 32);
    }

    static byte[] masterKey(String password, byte[] salt, int iterations) {
        return Pbkdf2.deriveKey(password.toCharArray(), salt, iterations, 32);
    }

    /** What {@code register} and {@code AdminBootstrap} receive. */
    public AccountKeyMaterial material() {
        return new AccountKeyMaterial(salt, ITERATIONS, authHash, encryptedDataKey, publicKey, encryptedPrivateKey);
    }
}
