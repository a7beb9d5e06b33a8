package io.castellan.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class TransmissionKeysTest {

    @TempDir
    Path dataDir;

    @Test
    void firstStartCreatesKeyIdOneAndLaterStartsReuseIt() throws Exception {
        TransmissionKeys first = TransmissionKeys.loadOrCreate(dataDir);
        TransmissionKeys second = TransmissionKeys.loadOrCreate(dataDir);

        assertThat(first.current().keyId()).isEqualTo(1);
        assertThat(second.current().keyId()).isEqualTo(1);
        assertThat(second.all()).hasSize(1);
        assertThat(second.current().publicKey().getEncoded()).isEqualTo(first.current().publicKey().getEncoded());
        assertThat(second.current().privateKey().getEncoded()).isEqualTo(first.current().privateKey().getEncoded());
    }

    @Test
    void aRetiredKeyIsNoLongerAcceptedButStillVerifiesAndTheNextIdNeverReusesIt() {
        TransmissionKeys keys = TransmissionKeys.loadOrCreate(dataDir);
        ECPublicKey first = keys.current().publicKey();
        keys.rotate();
        assertThatThrownBy(() -> keys.retire(2)).hasMessageContaining("is the current key");
        assertThatThrownBy(() -> keys.retire(7)).hasMessageContaining("does not exist");

        keys.retire(1);

        assertThat(dataDir.resolve("keys/transmission-1.key")).doesNotExist();
        assertThat(dataDir.resolve("keys/transmission-1.pub")).exists();
        TransmissionKeys reloaded = TransmissionKeys.loadOrCreate(dataDir);
        assertThat(reloaded.byId(1)).isEmpty();
        assertThat(reloaded.all()).extracting(TransmissionKey::keyId).containsExactly(2);
        assertThat(reloaded.verificationKey(1)).contains(first);
        assertThat(reloaded.verificationKey(2)).contains(reloaded.current().publicKey());
        assertThat(reloaded.rotate().keyId()).isEqualTo(3);
    }

    @Test
    void keyFilesAreOwnerOnly() throws Exception {
        TransmissionKeys.loadOrCreate(dataDir);
        Path key = dataDir.resolve("keys/transmission-1.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("keys"))))
                .isEqualTo("rwx------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dataDir.resolve("keys/transmission-1.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void rawPointRoundTripsToAnEqualPublicKey() {
        TransmissionKey key = TransmissionKeys.loadOrCreate(dataDir).current();
        byte[] raw = key.publicKeyRaw();

        assertThat(raw).hasSize(65);
        assertThat(raw[0]).isEqualTo((byte) 0x04);
        assertThat(key.publicKeyWebSafe()).doesNotContain("=", "+", "/").hasSize(87);
        assertThat(Base64.getUrlDecoder().decode(key.publicKeyWebSafe())).isEqualTo(raw);
        ECPublicKey back = EcPoints.fromUncompressed(raw);
        assertThat(back).isEqualTo(key.publicKey());
        assertThat(back.getW()).isEqualTo(key.publicKey().getW());
    }

    @Test
    void shortCoordinatesAreLeftPaddedTo32Bytes() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey shortOne = null;
        for (int i = 0; i < 20_000 && shortOne == null; i++) {
            ECPublicKey candidate = (ECPublicKey) generator.generateKeyPair().getPublic();
            if (candidate.getW().getAffineX().bitLength() <= 248 || candidate.getW().getAffineY().bitLength() <= 248) {
                shortOne = candidate;
            }
        }
        assertThat(shortOne).as("a key with a coordinate below 2^248 (p ~ 1/128 per key)").isNotNull();
        byte[] raw = EcPoints.toUncompressed(shortOne);
        assertThat(raw).hasSize(65);
        assertThat(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33))).isEqualTo(shortOne.getW().getAffineX());
        assertThat(new BigInteger(1, Arrays.copyOfRange(raw, 33, 65))).isEqualTo(shortOne.getW().getAffineY());
        assertThat(EcPoints.fromUncompressed(raw)).isEqualTo(shortOne);
    }

    @Test
    void publishedPointIsUsableForEcdhWithThePrivateKey() throws Exception {
        TransmissionKey server = TransmissionKeys.loadOrCreate(dataDir).current();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var client = generator.generateKeyPair();

        KeyAgreement clientSide = KeyAgreement.getInstance("ECDH");
        clientSide.init(client.getPrivate());
        clientSide.doPhase(EcPoints.fromUncompressed(server.publicKeyRaw()), true);
        KeyAgreement serverSide = KeyAgreement.getInstance("ECDH");
        serverSide.init(server.privateKey());
        serverSide.doPhase(client.getPublic(), true);

        assertThat(clientSide.generateSecret()).isEqualTo(serverSide.generateSecret());
    }

    @Test
    void invalidPointsAreRejected() {
        byte[] raw = TransmissionKeys.loadOrCreate(dataDir).current().publicKeyRaw();
        byte[] offCurve = raw.clone();
        offCurve[64] ^= 1;
        byte[] compressed = raw.clone();
        compressed[0] = 0x02;

        assertThatThrownBy(() -> EcPoints.fromUncompressed(offCurve)).hasMessageContaining("not on the P-256 curve");
        assertThatThrownBy(() -> EcPoints.fromUncompressed(compressed)).hasMessageContaining("uncompressed");
        assertThatThrownBy(() -> EcPoints.fromUncompressed(Arrays.copyOf(raw, 64))).hasMessageContaining("65-byte");
    }

    @Test
    void rotationAddsANewCurrentKeyAndKeepsTheOldOne() {
        TransmissionKeys keys = TransmissionKeys.loadOrCreate(dataDir);
        TransmissionKey one = keys.current();
        TransmissionKey two = keys.rotate();

        TransmissionKeys reloaded = TransmissionKeys.loadOrCreate(dataDir);

        assertThat(two.keyId()).isEqualTo(2);
        assertThat(reloaded.current().keyId()).isEqualTo(2);
        assertThat(reloaded.all()).extracting(TransmissionKey::keyId).containsExactly(1, 2);
        assertThat(reloaded.byId(1).orElseThrow().publicKeyRaw()).isEqualTo(one.publicKeyRaw());
        assertThat(reloaded.byId(2).orElseThrow().publicKeyRaw()).isEqualTo(two.publicKeyRaw());
        assertThat(reloaded.byId(3)).isEmpty();
    }

    @Test
    void mismatchedPublicFileIsReportedWithoutKeyMaterial(@TempDir Path other) throws Exception {
        TransmissionKeys.loadOrCreate(dataDir);
        TransmissionKeys.loadOrCreate(other);
        Files.copy(other.resolve("keys/transmission-1.pub"), dataDir.resolve("keys/transmission-1.pub"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> TransmissionKeys.loadOrCreate(dataDir))
                .hasMessageContaining("does not match its private key")
                .hasMessageNotContaining("BEGIN");
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        TransmissionKey key = TransmissionKeys.loadOrCreate(dataDir).current();
        String privateB64 = Base64.getEncoder().encodeToString(key.privateKey().getEncoded());
        assertThat(key.toString()).doesNotContain(privateB64.substring(40, 70)).contains(key.publicKeyWebSafe());
    }
}
