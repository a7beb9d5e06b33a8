package io.castellan.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;

/**
 * Computes Q = d·G for a P-256 private key using only the JDK's constant-time EC code.
 *
 * <p>The JCA has no "public key of this private key" call, and a hand-written BigInteger scalar
 * multiplication would leak {@code d} through timing. Instead:
 * <ol>
 *   <li>ECDH(d, G) gives x(d·G), computed by the JDK's constant-time scalar multiplication;</li>
 *   <li>y is one of the two square roots of x³ + ax + b (p ≡ 3 mod 4, so √z = z<sup>(p+1)/4</sup>);
 *       this only touches public values;</li>
 *   <li>the right root is the one under which an ECDSA signature made with {@code d} verifies. For
 *       the wrong root −Q, verification recomputes x(u₁G − u₂Q) instead of x(u₁G + u₂Q); these
 *       agree only if u₁ = 0, i.e. SHA-256(probe) ≡ 0 mod n, which is false for our fixed probe, so
 *       the choice is deterministic, not probabilistic.</li>
 * </ol>
 */
final class PublicKeyDerivation {

    private static final byte[] PROBE =
            "castellan: public key derivation probe".getBytes(StandardCharsets.US_ASCII);
    private static final BigInteger SQRT_EXPONENT = P256.P.add(BigInteger.ONE).shiftRight(2);

    private static final ECPublicKey GENERATOR = EcKeys.publicKeyFromPoint(P256.SPEC.getGenerator());

    private PublicKeyDerivation() {
    }

    /** {@code privateKey} must already be a validated P-256 key. */
    static ECPublicKey derive(ECPrivateKey privateKey) {
        BigInteger x = new BigInteger(1, P256.ecdh(privateKey, GENERATOR));
        BigInteger rhs = P256.rightHandSide(x);
        BigInteger y = rhs.modPow(SQRT_EXPONENT, P256.P);
        if (!y.multiply(y).mod(P256.P).equals(rhs)) {
            throw new CryptoException("public key derivation failed");
        }
        byte[] signature = Signatures.signP1363(privateKey, PROBE);
        for (BigInteger candidate : new BigInteger[] {y, P256.P.subtract(y)}) {
            ECPublicKey publicKey = EcKeys.publicKeyFromPoint(new ECPoint(x, candidate));
            if (Signatures.verifyP1363(publicKey, PROBE, signature)) {
                return publicKey;
            }
        }
        throw new CryptoException("public key derivation failed");
    }
}
