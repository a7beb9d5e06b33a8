package io.castellan.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    private static final byte[] MESSAGE = "125-byte transmission key || encrypted body".getBytes(StandardCharsets.UTF_8);

    private final KeyPair pair = EcKeys.generateKeyPair();
    private final ECPrivateKey privateKey = (ECPrivateKey) pair.getPrivate();
    private final ECPublicKey publicKey = (ECPublicKey) pair.getPublic();

    @Test
    void derSignaturesVerify() throws Exception {
        byte[] der = Signatures.signDer(privateKey, MESSAGE);
        assertThat(der[0]).isEqualTo((byte) 0x30);
        assertThat(Signatures.verifyDer(publicKey, MESSAGE, der)).isTrue();
        Signature jca = Signature.getInstance("SHA256withECDSA");
        jca.initVerify(publicKey);
        jca.update(MESSAGE);
        assertThat(jca.verify(der)).isTrue();
    }

    @Test
    void p1363SignaturesVerify() throws Exception {
        byte[] p1363 = Signatures.signP1363(privateKey, MESSAGE);
        assertThat(p1363).hasSize(64);
        assertThat(Signatures.verifyP1363(publicKey, MESSAGE, p1363)).isTrue();
        Signature jca = Signature.getInstance("SHA256withECDSAinP1363Format");
        jca.initVerify(publicKey);
        jca.update(MESSAGE);
        assertThat(jca.verify(p1363)).isTrue();
    }

    @Test
    void formatsConvertBothWays() {
        for (int i = 0; i < 200; i++) {
            byte[] der = Signatures.signDer(privateKey, MESSAGE);
            byte[] p1363 = EcdsaDer.toP1363(der);
            assertThat(Signatures.verifyP1363(publicKey, MESSAGE, p1363)).isTrue();
            assertThat(EcdsaDer.toDer(p1363)).isEqualTo(der);

            byte[] native1363 = Signatures.signP1363(privateKey, MESSAGE);
            assertThat(Signatures.verifyDer(publicKey, MESSAGE, EcdsaDer.toDer(native1363))).isTrue();
        }
    }

    @Test
    void wrongMessageOrKeyDoesNotVerify() {
        byte[] der = Signatures.signDer(privateKey, MESSAGE);
        byte[] p1363 = Signatures.signP1363(privateKey, MESSAGE);
        byte[] other = "another message".getBytes(StandardCharsets.UTF_8);
        assertThat(Signatures.verifyDer(publicKey, other, der)).isFalse();
        assertThat(Signatures.verifyP1363(publicKey, other, p1363)).isFalse();
        ECPublicKey otherKey = (ECPublicKey) EcKeys.generateKeyPair().getPublic();
        assertThat(Signatures.verifyDer(otherKey, MESSAGE, der)).isFalse();
        assertThat(Signatures.verifyP1363(otherKey, MESSAGE, p1363)).isFalse();
    }

    @Test
    void everyBitFlipOfTheSignatureFailsWithoutThrowing() {
        byte[] der = Signatures.signDer(privateKey, MESSAGE);
        byte[] p1363 = Signatures.signP1363(privateKey, MESSAGE);
        for (int bit = 0; bit < der.length * 8; bit++) {
            byte[] tampered = der.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Signatures.verifyDer(publicKey, MESSAGE, tampered)).as("DER bit %d", bit).isFalse();
        }
        for (int bit = 0; bit < p1363.length * 8; bit++) {
            byte[] tampered = p1363.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Signatures.verifyP1363(publicKey, MESSAGE, tampered)).as("P1363 bit %d", bit).isFalse();
        }
    }

    @Test
    void malformedInputsReturnFalseAndNeverThrow() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(80)];
            random.nextBytes(junk);
            if (junk.length > 0 && random.nextBoolean()) {
                junk[0] = 0x30;
            }
            assertThat(Signatures.verifyDer(publicKey, MESSAGE, junk)).isFalse();
            assertThat(Signatures.verifyP1363(publicKey, MESSAGE, junk)).isFalse();
        }
        byte[] der = Signatures.signDer(privateKey, MESSAGE);
        assertThat(Signatures.verifyDer(publicKey, MESSAGE, null)).isFalse();
        assertThat(Signatures.verifyP1363(publicKey, MESSAGE, new byte[64])).isFalse();
        assertThat(Signatures.verifyDer(publicKey, null, der)).isFalse();
        assertThat(Signatures.verifyDer(null, MESSAGE, der)).isFalse();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        assertThat(Signatures.verifyDer((ECPublicKey) generator.generateKeyPair().getPublic(), MESSAGE, der))
                .isFalse();
    }
}
