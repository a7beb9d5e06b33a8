package io.castellan.crypto;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * ECDSA over P-256 with SHA-256, in both signature encodings Castellan meets:
 * <ul>
 *   <li><b>DER</b> ({@code SEQUENCE { INTEGER r, INTEGER s }}): KSM device request signatures
 *       ({@code Authorization: Signature …}), Java {@code SHA256withECDSA}, Node, OpenSSL;</li>
 *   <li><b>IEEE P1363</b> ({@code r ‖ s}, 64 bytes): what the browser's WebCrypto produces.</li>
 * </ul>
 *
 * <p>The {@code verify*} methods never throw on bad input: a malformed signature, a wrong length, a
 * key on another curve or an invalid point all simply yield {@code false}. DER signatures are
 * parsed by the strict {@link EcdsaDer} parser before verification, so only one byte string is
 * accepted for a given (r, s).
 */
public final class Signatures {

    private static final String DER_ALGORITHM = "SHA256withECDSA";
    private static final String P1363_ALGORITHM = "SHA256withECDSAinP1363Format";

    private Signatures() {
    }

    /** Signs {@code data}; the signature is DER-encoded (KSM format). */
    public static byte[] signDer(ECPrivateKey key, byte[] data) {
        return sign(DER_ALGORITHM, key, data);
    }

    /** Signs {@code data}; the signature is 64-byte {@code r ‖ s} (WebCrypto format). */
    public static byte[] signP1363(ECPrivateKey key, byte[] data) {
        return sign(P1363_ALGORITHM, key, data);
    }

    /** Whether {@code signature} is a valid strict-DER signature of {@code data} by {@code key}. */
    public static boolean verifyDer(ECPublicKey key, byte[] data, byte[] signature) {
        byte[] p1363;
        try {
            p1363 = EcdsaDer.toP1363(signature);
        } catch (CryptoException e) {
            return false;
        }
        return verifyP1363(key, data, p1363);
    }

    /** Whether {@code signature} is a valid 64-byte {@code r ‖ s} signature of {@code data} by {@code key}. */
    public static boolean verifyP1363(ECPublicKey key, byte[] data, byte[] signature) {
        if (data == null || signature == null || signature.length != EcdsaDer.P1363_LENGTH) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(P1363_ALGORITHM);
            verifier.initVerify(EcKeys.requireP256(key));
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] sign(String algorithm, ECPrivateKey key, byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        ECPrivateKey checked = EcKeys.requireP256(key);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(checked, CastellanRandom.secureRandom());
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("ECDSA signing failed", e);
        }
    }
}
