package io.castellan.server.keys;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;

/**
 * P-256 public keys as raw uncompressed points ({@code 0x04 || X || Y}, 65 bytes), the form WebCrypto and the Keeper
 * Secrets Manager SDKs exchange. Built from the key's affine coordinates, never by slicing DER at fixed offsets.
 */
public final class EcPoints {

    /** Length of an uncompressed P-256 point. */
    public static final int RAW_LENGTH = 65;
    private static final int COORDINATE_LENGTH = 32;
    static final ECParameterSpec P256 = p256();

    private EcPoints() {
    }

    /** The 65-byte uncompressed point of a P-256 public key. */
    public static byte[] toUncompressed(ECPublicKey key) {
        if (key.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("not a P-256 key");
        }
        byte[] raw = new byte[RAW_LENGTH];
        raw[0] = 0x04;
        writeCoordinate(key.getW().getAffineX(), raw, 1);
        writeCoordinate(key.getW().getAffineY(), raw, 1 + COORDINATE_LENGTH);
        return raw;
    }

    /**
     * The P-256 public key of a 65-byte uncompressed point.
     *
     * @throws IllegalArgumentException if the bytes are not an uncompressed point on P-256
     */
    public static ECPublicKey fromUncompressed(byte[] raw) {
        if (raw == null || raw.length != RAW_LENGTH || raw[0] != 0x04) {
            throw new IllegalArgumentException("expected a 65-byte uncompressed P-256 point starting with 0x04");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + COORDINATE_LENGTH));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(raw, 1 + COORDINATE_LENGTH, RAW_LENGTH));
        if (!isOnCurve(x, y)) {
            throw new IllegalArgumentException("point is not on the P-256 curve");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid P-256 point", e);
        }
    }

    /** y^2 = x^3 + ax + b (mod p), with both coordinates in [0, p). Rejects invalid-curve points. */
    static boolean isOnCurve(BigInteger x, BigInteger y) {
        EllipticCurve curve = P256.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return left.equals(right);
    }

    private static void writeCoordinate(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray(); // big-endian, may have a leading 0x00 sign byte or be shorter than 32
        int start = Math.max(0, bytes.length - COORDINATE_LENGTH);
        int length = bytes.length - start;
        System.arraycopy(bytes, start, out, offset + COORDINATE_LENGTH - length, length);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
