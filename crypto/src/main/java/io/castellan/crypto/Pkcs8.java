package io.castellan.crypto;

import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Encodes a P-256 private key as PKCS#8 in the form OpenSSL, Node, Python {@code cryptography} and
 * BouncyCastle write: {@code PrivateKeyInfo} wrapping an RFC 5915 {@code ECPrivateKey} that
 * <em>includes</em> the optional {@code [1] publicKey}, 138 bytes in all.
 *
 * <p>Why not the JDK's own 67-byte encoding? KSM clients read the key positionally: the JS SDK takes
 * the public key as the last 65 bytes of the DER and newer Java SDKs take the scalar from bytes
 * 36..68. Both are only right for this layout. Every field of it has a fixed length for P-256 (the
 * scalar is always 32 bytes, the point always 65), so the DER is a constant header, the scalar, a
 * constant tag and the point; the tests check it byte for byte against OpenSSL's output.
 */
final class Pkcs8 {

    /** SEQUENCE{ INTEGER 0, AlgorithmIdentifier{ecPublicKey, prime256v1}, OCTET STRING{ SEQUENCE{ INTEGER 1, OCTET STRING(32) ... */
    private static final byte[] HEADER = HexFormat.of().parseHex(
            "308187" + "020100" + "301306072a8648ce3d020106082a8648ce3d030107" + "046d" + "306b" + "020101" + "0420");
    /** ... [1] { BIT STRING (65 bytes, no unused bits) } */
    private static final byte[] PUBLIC_KEY_TAG = HexFormat.of().parseHex("a144034200");

    /** Offset of the private scalar in the encoding (what KSM's SDKs read). */
    static final int SCALAR_OFFSET = HEADER.length;
    /** Total length of the encoding. */
    static final int LENGTH = HEADER.length + P256.FIELD_LENGTH + PUBLIC_KEY_TAG.length + EcKeys.RAW_PUBLIC_KEY_LENGTH;

    private Pkcs8() {
    }

    /** {@code key} must already be a validated P-256 key. */
    static byte[] encode(ECPrivateKey key) {
        byte[] publicPoint = EcKeys.rawPublicKey(PublicKeyDerivation.derive(key));
        byte[] scalar = P256.toFixed(key.getS());
        try {
            byte[] out = Arrays.copyOf(HEADER, LENGTH);
            System.arraycopy(scalar, 0, out, SCALAR_OFFSET, P256.FIELD_LENGTH);
            System.arraycopy(PUBLIC_KEY_TAG, 0, out, SCALAR_OFFSET + P256.FIELD_LENGTH, PUBLIC_KEY_TAG.length);
            System.arraycopy(publicPoint, 0, out, LENGTH - publicPoint.length, publicPoint.length);
            return out;
        } finally {
            Wipe.wipe(scalar);
        }
    }
}
