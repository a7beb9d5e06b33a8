package io.castellan.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EciesTest {

    private final KeyPair recipient = EcKeys.generateKeyPair();
    private final ECPublicKey recipientPublic = (ECPublicKey) recipient.getPublic();
    private final ECPrivateKey recipientPrivate = (ECPrivateKey) recipient.getPrivate();

    @Test
    void transmissionKeySealsTo125Bytes() {
        byte[] transmissionKey = CastellanRandom.bytes(32);
        byte[] blob = Ecies.seal(EcKeys.rawPublicKey(recipientPublic), transmissionKey);
        assertThat(blob).hasSize(125);
        assertThat(blob[0]).isEqualTo((byte) 0x04);
        assertThat(Ecies.open(recipientPrivate, blob)).isEqualTo(transmissionKey);
    }

    @Test
    void layoutIsEphemeralPointThenGcmUnderSha256OfEcdhX() {
        byte[] data = "record key".getBytes();
        byte[] blob = Ecies.seal(recipientPublic, data);
        ECPublicKey ephemeral = EcKeys.publicKeyFromRaw(Arrays.copyOf(blob, 65));
        byte[] key = Ecies.sharedKey(recipientPrivate, ephemeral);
        assertThat(Aes256Gcm.decrypt(key, Arrays.copyOfRange(blob, 65, blob.length))).isEqualTo(data);
    }

    @Test
    void eachSealUsesAFreshEphemeralKey() {
        byte[] data = new byte[32];
        assertThat(Arrays.copyOf(Ecies.seal(recipientPublic, data), 65))
                .isNotEqualTo(Arrays.copyOf(Ecies.seal(recipientPublic, data), 65));
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] blob = Ecies.seal(recipientPublic, new byte[] {1, 2, 3, 4});
        for (int bit = 0; bit < blob.length * 8; bit++) {
            byte[] tampered = blob.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            int position = bit;
            assertThatThrownBy(() -> Ecies.open(recipientPrivate, tampered))
                    .as("bit %d", position)
                    .isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void truncatedBlobsFailCleanly() {
        byte[] blob = Ecies.seal(recipientPublic, new byte[8]);
        for (int length = 0; length < blob.length; length++) {
            byte[] truncated = Arrays.copyOf(blob, length);
            assertThatThrownBy(() -> Ecies.open(recipientPrivate, truncated)).isInstanceOf(CryptoException.class);
        }
        assertThatThrownBy(() -> Ecies.open(recipientPrivate, null)).isInstanceOf(CryptoException.class);
    }

    @Test
    void wrongRecipientCannotOpen() {
        byte[] blob = Ecies.seal(recipientPublic, new byte[32]);
        ECPrivateKey other = (ECPrivateKey) EcKeys.generateKeyPair().getPrivate();
        assertThatThrownBy(() -> Ecies.open(other, blob))
                .isInstanceOf(CryptoException.class).hasMessage("ECIES authentication failed");
    }

    @Test
    void invalidEphemeralPointIsRejectedBeforeEcdh() {
        byte[] blob = Ecies.seal(recipientPublic, new byte[32]);
        blob[40] ^= 0x10;
        assertThatThrownBy(() -> Ecies.open(recipientPrivate, blob))
                .isInstanceOf(CryptoException.class).hasMessageContaining("ephemeral");
    }

    @Test
    void rejectsInvalidRecipientPoint() {
        byte[] raw = EcKeys.rawPublicKey(recipientPublic);
        raw[10] ^= 1;
        assertThatThrownBy(() -> Ecies.seal(raw, new byte[32])).isInstanceOf(CryptoException.class);
    }
}
