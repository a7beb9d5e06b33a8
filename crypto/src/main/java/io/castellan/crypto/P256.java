package io.castellan.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import javax.crypto.KeyAgreement;

/**
 * NIST P-256 (secp256r1) domain parameters, point validation and raw ECDH, shared by the EC
 * classes. The parameters come from the JDK's named-curve table, not from hand-copied constants.
 */
final class P256 {

    /** Length of a field element / scalar in bytes. */
    static final int FIELD_LENGTH = 32;
    static final ECParameterSpec SPEC = loadSpec();
    static final BigInteger P = ((ECFieldFp) SPEC.getCurve().getField()).getP();
    static final BigInteger A = SPEC.getCurve().getA();
    static final BigInteger B = SPEC.getCurve().getB();
    static final BigInteger N = SPEC.getOrder();

    private P256() {
    }

    /** Whether {@code point} is a finite point with coordinates in [0, p) satisfying y² = x³ + ax + b. */
    static boolean isOnCurve(ECPoint point) {
        if (point == null || ECPoint.POINT_INFINITY.equals(point)) {
            return false;
        }
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (!inField(x) || !inField(y)) {
            return false;
        }
        return y.multiply(y).mod(P).equals(rightHandSide(x));
    }

    /** x³ + ax + b mod p. */
    static BigInteger rightHandSide(BigInteger x) {
        return x.multiply(x).add(A).multiply(x).add(B).mod(P);
    }

    /** Whether {@code spec} describes P-256 (same field, coefficients, generator, order, cofactor). */
    static boolean isP256(ECParameterSpec spec) {
        return spec != null
                && SPEC.getCurve().equals(spec.getCurve())
                && SPEC.getGenerator().equals(spec.getGenerator())
                && N.equals(spec.getOrder())
                && spec.getCofactor() == SPEC.getCofactor();
    }

    /** {@code value} as exactly 32 unsigned big-endian bytes. */
    static byte[] toFixed(BigInteger value) {
        byte[] raw = value.toByteArray();
        if (value.signum() < 0 || raw.length > FIELD_LENGTH + 1 || (raw.length == FIELD_LENGTH + 1 && raw[0] != 0)) {
            throw new CryptoException("value does not fit in " + FIELD_LENGTH + " bytes");
        }
        byte[] out = new byte[FIELD_LENGTH];
        int copy = Math.min(raw.length, FIELD_LENGTH);
        System.arraycopy(raw, raw.length - copy, out, FIELD_LENGTH - copy, copy);
        return out;
    }

    /** Raw ECDH: the x-coordinate of d·Q, 32 bytes (the JCA validates the peer point). */
    static byte[] ecdh(PrivateKey privateKey, PublicKey publicKey) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(privateKey);
            agreement.doPhase(publicKey, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("ECDH key agreement failed");
        }
    }

    private static boolean inField(BigInteger v) {
        return v.signum() >= 0 && v.compareTo(P) < 0;
    }

    private static ECParameterSpec loadSpec() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
