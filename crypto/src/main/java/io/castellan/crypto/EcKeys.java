package io.castellan.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * P-256 key pairs and their three encodings:
 * <ul>
 *   <li>raw public point {@code 0x04 ‖ X(32) ‖ Y(32)}, 65 bytes (KSM wire format, WebCrypto "raw");</li>
 *   <li>X.509 SubjectPublicKeyInfo DER (WebCrypto "spki", most tools);</li>
 *   <li>PKCS#8 DER private keys (what the KSM SDKs store in their config).</li>
 * </ul>
 *
 * <p>Parsing goes through {@link ECPoint}, {@link ECPublicKeySpec} and {@link KeyFactory}, never
 * through fixed DER offsets. Every public key that enters (raw or SPKI) is checked to be on P-256,
 * and keys on any other curve are rejected with {@link CryptoException}. PKCS#8 <em>output</em> is
 * the 138-byte layout with the public key embedded, which all KSM SDKs read (see {@code Pkcs8}).
 *
 * <p>{@link #publicKeyOf(ECPrivateKey)} recomputes the public key from the private scalar, because
 * KSM configs store only the PKCS#8 key and the JDK's (and KSM Java SDK 17.0's) PKCS#8 encoding has
 * no public key in it.
 */
public final class EcKeys {

    /** Length of a raw uncompressed P-256 public key. */
    public static final int RAW_PUBLIC_KEY_LENGTH = 1 + 2 * P256.FIELD_LENGTH;

    private static final byte UNCOMPRESSED = 0x04;

    private EcKeys() {
    }

    /** A fresh P-256 key pair from {@link CastellanRandom}. */
    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), CastellanRandom.secureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("P-256 key generation unavailable", e);
        }
    }

    /** Parses a raw 65-byte uncompressed point, rejecting other lengths, formats and off-curve points. */
    public static ECPublicKey publicKeyFromRaw(byte[] raw) {
        if (raw == null || raw.length != RAW_PUBLIC_KEY_LENGTH) {
            throw new CryptoException("raw P-256 public key must be " + RAW_PUBLIC_KEY_LENGTH + " bytes");
        }
        if (raw[0] != UNCOMPRESSED) {
            throw new CryptoException("raw P-256 public key must be uncompressed (0x04)");
        }
        BigInteger x = new BigInteger(1, raw, 1, P256.FIELD_LENGTH);
        BigInteger y = new BigInteger(1, raw, 1 + P256.FIELD_LENGTH, P256.FIELD_LENGTH);
        return publicKeyFromPoint(new ECPoint(x, y));
    }

    /**
     * The raw 65-byte uncompressed encoding of a P-256 public key. The curve and point are checked, but the key is
     * not re-created as {@link #requireP256} does: only its point is used, and an ephemeral key encoded once per
     * request would otherwise crowd the checked keys out of {@code CHECKED}.
     */
    public static byte[] rawPublicKey(ECPublicKey key) {
        if (key == null || !P256.isP256(key.getParams())) {
            throw new CryptoException("public key is not a P-256 key");
        }
        ECPoint w = key.getW();
        if (!P256.isOnCurve(w)) {
            throw new CryptoException("point is not on the P-256 curve");
        }
        byte[] out = new byte[RAW_PUBLIC_KEY_LENGTH];
        out[0] = UNCOMPRESSED;
        System.arraycopy(P256.toFixed(w.getAffineX()), 0, out, 1, P256.FIELD_LENGTH);
        System.arraycopy(P256.toFixed(w.getAffineY()), 0, out, 1 + P256.FIELD_LENGTH, P256.FIELD_LENGTH);
        return out;
    }

    /** Parses an X.509 SubjectPublicKeyInfo DER P-256 public key. */
    public static ECPublicKey publicKeyFromSpki(byte[] der) {
        PublicKey key;
        try {
            key = keyFactory().generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CryptoException("invalid X.509 EC public key");
        }
        if (!(key instanceof ECPublicKey ecKey)) {
            throw new CryptoException("not an EC public key");
        }
        return requireP256(ecKey);
    }

    /** The X.509 SubjectPublicKeyInfo DER encoding of a P-256 public key. */
    public static byte[] spki(ECPublicKey key) {
        return requireP256(key).getEncoded();
    }

    /**
     * Parses a PKCS#8 DER P-256 private key, in the JDK's short form or with the optional embedded
     * public key. An embedded public key is not trusted: use {@link #publicKeyOf} to get the real one.
     */
    public static ECPrivateKey privateKeyFromPkcs8(byte[] der) {
        PrivateKey key;
        try {
            key = keyFactory().generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CryptoException("invalid PKCS#8 EC private key");
        }
        if (!(key instanceof ECPrivateKey ecKey)) {
            throw new CryptoException("not an EC private key");
        }
        return requireP256(ecKey);
    }

    /**
     * The PKCS#8 DER encoding of a P-256 private key, with the public key embedded (138 bytes, the
     * OpenSSL/Node/Python layout that every KSM SDK can read; see {@link Pkcs8}).
     */
    public static byte[] pkcs8(ECPrivateKey key) {
        return Pkcs8.encode(requireP256(key));
    }

    /** The public key belonging to {@code key}; see {@link PublicKeyDerivation} for how. */
    public static ECPublicKey publicKeyOf(ECPrivateKey key) {
        return PublicKeyDerivation.derive(requireP256(key));
    }

    /** A validated JDK public key for {@code point}, which must lie on P-256. */
    static ECPublicKey publicKeyFromPoint(ECPoint point) {
        if (!P256.isOnCurve(point)) {
            throw new CryptoException("point is not on the P-256 curve");
        }
        try {
            return (ECPublicKey) keyFactory().generatePublic(new ECPublicKeySpec(point, P256.SPEC));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("invalid P-256 public key");
        }
    }

    /** Re-creates {@code key} as a JDK key after checking its curve and point. */
    static ECPublicKey requireP256(ECPublicKey key) {
        if (key == null) {
            throw new CryptoException("public key is not a P-256 key");
        }
        if (CHECKED.get(new Identity(key)) instanceof ECPublicKey known) {
            return known;
        }
        if (!P256.isP256(key.getParams())) {
            throw new CryptoException("public key is not a P-256 key");
        }
        return remember(key, publicKeyFromPoint(key.getW()));
    }

    /** Re-creates {@code key} as a JDK key after checking its curve and that 1 ≤ s < n. */
    static ECPrivateKey requireP256(ECPrivateKey key) {
        if (key == null) {
            throw new CryptoException("private key is not a P-256 key");
        }
        if (CHECKED.get(new Identity(key)) instanceof ECPrivateKey known) {
            return known;
        }
        if (!P256.isP256(key.getParams())) {
            throw new CryptoException("private key is not a P-256 key");
        }
        BigInteger s = key.getS();
        if (s.signum() <= 0 || s.compareTo(P256.N) >= 0) {
            throw new CryptoException("private key scalar out of range");
        }
        try {
            return remember(key, (ECPrivateKey) keyFactory().generatePrivate(new ECPrivateKeySpec(s, P256.SPEC)));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("invalid P-256 private key");
        }
    }

    /**
     * Keys {@link #requireP256} already checked and re-created, by identity, mapped to the re-created key. The same
     * few keys come back on every request (the server's ECIES key, a device's bound key, the SDK's server key and
     * device key), and re-creating one costs more than the ECDH it is used for once the native provider is in
     * (bench/README.md). Only the provider's own key classes are kept: they are immutable, so a key seen once is the
     * same key every time; any other implementation is checked again on every use. Least recently used first out,
     * so keys used once (a caller that parses a key per request) cannot push out the ones in steady use.
     */
    private static final int CHECKED_MAX = 512;
    private static final Map<Identity, Key> CHECKED = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Identity, Key> eldest) {
                    return size() > CHECKED_MAX;
                }
            });

    private static <K extends Key> K remember(K given, K checked) {
        if (given.getClass() == checked.getClass()) {
            CHECKED.put(new Identity(given), checked);
            CHECKED.put(new Identity(checked), checked);
        }
        return checked;
    }

    /** A key compared by identity (keys' own equals compares encodings, which costs what the cache saves). */
    private record Identity(Object key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.key == key;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }
    }

    private static KeyFactory keyFactory() throws GeneralSecurityException {
        return KeyFactory.getInstance("EC");
    }
}
