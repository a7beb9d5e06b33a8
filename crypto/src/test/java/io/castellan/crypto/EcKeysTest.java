package io.castellan.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EcKeysTest {

    /** Generated with OpenSSL 3 ({@code genpkey ... | pkcs8 -topk8}): contains the optional [1] public key. */
    private static final String OPENSSL_PKCS8 = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgyYVhDZ2BKdh7UO8ib2510x1y"
            + "YnyqmCTe6MPSBKBwyNehRANCAAQUyTJVe4A3UXCyDPmjateA353JQxrbHsqtt1/s+y6Gsj8uFhEt2DgicgbIhfXzVyXJPDgCZmdO"
            + "Qdqa9Uv4ixl8";
    /** {@code openssl pkey -pubout} of the key above. */
    private static final String OPENSSL_SPKI = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFMkyVXuAN1Fwsgz5o2rXgN+dyUMa2x7Krbd"
            + "f7PsuhrI/LhYRLdg4InIGyIX181clyTw4AmZnTkHamvVL+IsZfA==";
    private static final String OPENSSL_RAW = "BBTJMlV7gDdRcLIM+aNq14DfnclDGtseyq23X+z7LoayPy4WES3YOCJyBsiF9fNXJck8OAJ"
            + "mZ05B2pr1S/iLGXw=";

    @Test
    void rawPointRoundTrip() {
        for (int i = 0; i < 20; i++) {
            ECPublicKey key = (ECPublicKey) EcKeys.generateKeyPair().getPublic();
            byte[] raw = EcKeys.rawPublicKey(key);
            assertThat(raw).hasSize(65);
            assertThat(raw[0]).isEqualTo((byte) 0x04);
            ECPublicKey back = EcKeys.publicKeyFromRaw(raw);
            assertThat(back.getW()).isEqualTo(key.getW());
            assertThat(back.getEncoded()).isEqualTo(key.getEncoded());
        }
    }

    @Test
    void spkiAndPkcs8RoundTrip() {
        KeyPair pair = EcKeys.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
        assertThat(EcKeys.publicKeyFromSpki(EcKeys.spki(pub)).getW()).isEqualTo(pub.getW());
        byte[] pkcs8 = EcKeys.pkcs8(priv);
        assertThat(pkcs8).hasSize(138);
        assertThat(EcKeys.privateKeyFromPkcs8(pkcs8).getS()).isEqualTo(priv.getS());
        assertThat(EcKeys.pkcs8(EcKeys.privateKeyFromPkcs8(pkcs8))).isEqualTo(pkcs8);
        // The JDK's own 67-byte form (no embedded public key) is accepted too (asked of SunEC by name: the native
        // provider, when installed, encodes with the public key).
        byte[] jdkForm = sunEcEncoding(priv);
        assertThat(jdkForm).hasSize(67);
        assertThat(EcKeys.pkcs8(EcKeys.privateKeyFromPkcs8(jdkForm))).isEqualTo(pkcs8);
    }

    private static byte[] sunEcEncoding(ECPrivateKey priv) {
        try {
            return java.security.KeyFactory.getInstance("EC", "SunEC")
                    .generatePrivate(new java.security.spec.ECPrivateKeySpec(priv.getS(), priv.getParams()))
                    .getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pkcs8LayoutIsWhatKsmClientsReadPositionally() {
        for (int i = 0; i < 10; i++) {
            KeyPair pair = EcKeys.generateKeyPair();
            byte[] pkcs8 = EcKeys.pkcs8((ECPrivateKey) pair.getPrivate());
            // JS SDK: public key = last 65 bytes; newer Java SDKs: scalar = bytes 36..68.
            assertThat(Arrays.copyOfRange(pkcs8, pkcs8.length - 65, pkcs8.length))
                    .isEqualTo(EcKeys.rawPublicKey((ECPublicKey) pair.getPublic()));
            assertThat(new BigInteger(1, Arrays.copyOfRange(pkcs8, 36, 68)))
                    .isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
        }
    }

    @Test
    void publicKeyIsDerivedFromPrivateKey() {
        for (int i = 0; i < 25; i++) {
            KeyPair pair = EcKeys.generateKeyPair();
            ECPrivateKey parsed = EcKeys.privateKeyFromPkcs8(pair.getPrivate().getEncoded());
            assertThat(EcKeys.rawPublicKey(EcKeys.publicKeyOf(parsed)))
                    .isEqualTo(EcKeys.rawPublicKey((ECPublicKey) pair.getPublic()));
        }
    }

    @Test
    void opensslPkcs8WithEmbeddedPublicKeyIsParsedAndMatches() {
        ECPrivateKey priv = EcKeys.privateKeyFromPkcs8(Base64.getDecoder().decode(OPENSSL_PKCS8));
        byte[] expectedRaw = Base64.getDecoder().decode(OPENSSL_RAW);
        assertThat(EcKeys.rawPublicKey(EcKeys.publicKeyOf(priv))).isEqualTo(expectedRaw);
        ECPublicKey fromSpki = EcKeys.publicKeyFromSpki(Base64.getDecoder().decode(OPENSSL_SPKI));
        assertThat(EcKeys.rawPublicKey(fromSpki)).isEqualTo(expectedRaw);
        assertThat(EcKeys.spki(fromSpki)).isEqualTo(Base64.getDecoder().decode(OPENSSL_SPKI));
        assertThat(EcKeys.pkcs8(priv)).isEqualTo(Base64.getDecoder().decode(OPENSSL_PKCS8));
    }

    @Test
    void pointNotOnCurveIsRejected() {
        byte[] raw = EcKeys.rawPublicKey((ECPublicKey) EcKeys.generateKeyPair().getPublic());
        byte[] offCurve = raw.clone();
        offCurve[64] ^= 1;
        assertThatThrownBy(() -> EcKeys.publicKeyFromRaw(offCurve))
                .isInstanceOf(CryptoException.class).hasMessageContaining("not on the P-256 curve");
        byte[] zeros = new byte[65];
        zeros[0] = 4;
        assertThatThrownBy(() -> EcKeys.publicKeyFromRaw(zeros)).isInstanceOf(CryptoException.class);
    }

    @Test
    void coordinatesOutsideTheFieldAreRejected() {
        // Find a valid point with a tiny x; then (x + p, y) is congruent to it, still fits in 32 bytes,
        // and must be rejected because x + p is not a canonical field element.
        BigInteger x = BigInteger.ZERO;
        BigInteger y;
        BigInteger exponent = P256.P.add(BigInteger.ONE).shiftRight(2);
        while (true) {
            BigInteger rhs = P256.rightHandSide(x);
            y = rhs.modPow(exponent, P256.P);
            if (y.multiply(y).mod(P256.P).equals(rhs)) {
                break;
            }
            x = x.add(BigInteger.ONE);
        }
        byte[] valid = raw(x, y);
        assertThat(EcKeys.publicKeyFromRaw(valid).getW().getAffineX()).isEqualTo(x);
        byte[] nonCanonical = raw(x.add(P256.P), y);
        assertThatThrownBy(() -> EcKeys.publicKeyFromRaw(nonCanonical)).isInstanceOf(CryptoException.class);
    }

    private static byte[] raw(BigInteger x, BigInteger y) {
        byte[] raw = new byte[65];
        raw[0] = 4;
        System.arraycopy(P256.toFixed(x), 0, raw, 1, 32);
        System.arraycopy(P256.toFixed(y), 0, raw, 33, 32);
        return raw;
    }

    @Test
    void wrongLengthsAndFormatsAreRejected() {
        byte[] raw = EcKeys.rawPublicKey((ECPublicKey) EcKeys.generateKeyPair().getPublic());
        for (byte[] bad : new byte[][] {new byte[0], Arrays.copyOf(raw, 64), Arrays.copyOf(raw, 66),
                Arrays.copyOf(raw, 33), Arrays.copyOfRange(raw, 1, 65), null}) {
            assertThatThrownBy(() -> EcKeys.publicKeyFromRaw(bad)).isInstanceOf(CryptoException.class);
        }
        byte[] compressedPrefix = raw.clone();
        compressedPrefix[0] = 0x02;
        assertThatThrownBy(() -> EcKeys.publicKeyFromRaw(compressedPrefix))
                .isInstanceOf(CryptoException.class).hasMessageContaining("uncompressed");
        assertThatThrownBy(() -> EcKeys.privateKeyFromPkcs8(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> EcKeys.publicKeyFromSpki(raw)).isInstanceOf(CryptoException.class);
    }

    @Test
    void otherCurvesAreRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = generator.generateKeyPair();
        assertThatThrownBy(() -> EcKeys.publicKeyFromSpki(p384.getPublic().getEncoded()))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> EcKeys.privateKeyFromPkcs8(p384.getPrivate().getEncoded()))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> EcKeys.rawPublicKey((ECPublicKey) p384.getPublic()))
                .isInstanceOf(CryptoException.class);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertThatThrownBy(() -> EcKeys.publicKeyFromSpki(rsa.generateKeyPair().getPublic().getEncoded()))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void onCurveCheckMatchesCurveEquation() {
        assertThat(P256.isOnCurve(P256.SPEC.getGenerator())).isTrue();
        var g = P256.SPEC.getGenerator();
        assertThat(P256.isOnCurve(new java.security.spec.ECPoint(g.getAffineX(), g.getAffineY().add(BigInteger.ONE))))
                .isFalse();
        assertThat(P256.isOnCurve(new java.security.spec.ECPoint(g.getAffineX(), P256.P.subtract(g.getAffineY()))))
                .isTrue();
    }

    @Test
    void aProviderKeyIsCheckedOnceAndItsCheckedFormReused() {
        KeyPair pair = EcKeys.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
        ECPublicKey checkedPub = EcKeys.requireP256(pub);
        ECPrivateKey checkedPriv = EcKeys.requireP256(priv);
        assertThat(EcKeys.requireP256(pub)).isSameAs(checkedPub);
        assertThat(EcKeys.requireP256(checkedPub)).isSameAs(checkedPub);
        assertThat(EcKeys.requireP256(priv)).isSameAs(checkedPriv);
        assertThat(checkedPub.getW()).isEqualTo(pub.getW());
        assertThat(checkedPriv.getS()).isEqualTo(priv.getS());
    }

    @Test
    void aKeyInSteadyUseStaysCheckedWhileManyKeysUsedOncePassThrough() {
        ECPublicKey steady = (ECPublicKey) EcKeys.generateKeyPair().getPublic();
        ECPublicKey checked = EcKeys.requireP256(steady);
        for (int i = 0; i < 600; i++) {
            // a caller that parses a fresh key per request
            EcKeys.requireP256((ECPublicKey) EcKeys.generateKeyPair().getPublic());
            assertThat(EcKeys.requireP256(steady)).as("after %d keys used once", i + 1).isSameAs(checked);
        }
    }

    /** A key of a foreign implementation that answers with a different point the second time it is asked. */
    private static final class ShiftyPublicKey implements ECPublicKey {
        private final ECPublicKey real;
        private int asked;

        ShiftyPublicKey(ECPublicKey real) {
            this.real = real;
        }

        @Override
        public java.security.spec.ECPoint getW() {
            return asked++ == 0 ? real.getW()
                    : new java.security.spec.ECPoint(real.getW().getAffineX(), real.getW().getAffineY().add(BigInteger.ONE));
        }

        @Override
        public java.security.spec.ECParameterSpec getParams() {
            return real.getParams();
        }

        @Override
        public String getAlgorithm() {
            return "EC";
        }

        @Override
        public String getFormat() {
            return real.getFormat();
        }

        @Override
        public byte[] getEncoded() {
            return real.getEncoded();
        }
    }

    @Test
    void aKeyOfAnotherImplementationIsCheckedAgainOnEveryUse() {
        ShiftyPublicKey shifty = new ShiftyPublicKey((ECPublicKey) EcKeys.generateKeyPair().getPublic());
        assertThat(EcKeys.requireP256(shifty).getW()).isNotNull();
        assertThatThrownBy(() -> EcKeys.requireP256(shifty)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("not on the P-256 curve");
        // encoding checks the point too, without re-creating the key
        assertThatThrownBy(() -> EcKeys.rawPublicKey(shifty)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("not on the P-256 curve");
    }
}
