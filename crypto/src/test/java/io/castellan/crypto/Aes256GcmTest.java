package io.castellan.crypto;

import static io.castellan.crypto.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Aes256GcmTest {

    private static final String K15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    private static final String IV15 = "cafebabefacedbaddecaf888";
    private static final String P15 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private static final String C15 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

    /** McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 13-16 (256-bit keys). */
    @ParameterizedTest(name = "GCM spec test case {0}")
    @CsvSource({
        "13, " + "0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000,"
                + " '', '', '', 530f8afbc74536b9a963b4f1c4cb738b",
        "14, " + "0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000,"
                + " 00000000000000000000000000000000, '', cea7403d4d606b6e074ec5d3baf39d18, d0d1c8a799996bf0265b98b5d48ab919",
        "15, " + K15 + ", " + IV15 + ", " + P15 + ", '', " + C15 + ", b094dac5d93471bdec1a502270e3cc6c",
        "16, " + K15 + ", " + IV15 + ", " + "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39, feedfacedeadbeeffeedfacedeadbeefabaddad2, "
                + "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662, 76fc6ece0f4e1768cddf8853bb2d551b",
    })
    void knownAnswer(int testCase, String key, String iv, String plaintext, String aad, String ciphertext,
                     String tag) {
        byte[] k = bytes(key);
        byte[] a = aad.isEmpty() ? null : bytes(aad);
        byte[] blob = Aes256Gcm.encryptWithNonce(k, bytes(iv), bytes(plaintext), a);
        assertThat(Hex.hex(blob)).isEqualTo(iv + ciphertext + tag);
        assertThat(Aes256Gcm.decrypt(k, blob, a)).isEqualTo(bytes(plaintext));
        if (a != null) {
            assertThatThrownBy(() -> Aes256Gcm.decrypt(k, blob)).isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void roundTripWithAndWithoutAad() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] plaintext = "{\"title\":\"db\",\"type\":\"pamDatabase\"}".getBytes(StandardCharsets.UTF_8);
        byte[] blob = Aes256Gcm.encrypt(key, plaintext);
        assertThat(blob).hasSize(plaintext.length + Aes256Gcm.OVERHEAD);
        assertThat(Aes256Gcm.decrypt(key, blob)).isEqualTo(plaintext);

        byte[] aad = "record:Ue8h6JyWUs7Iu6eY_mha-w".getBytes(StandardCharsets.UTF_8);
        byte[] bound = Aes256Gcm.encrypt(key, plaintext, aad);
        assertThat(Aes256Gcm.decrypt(key, bound, aad)).isEqualTo(plaintext);
        assertThatThrownBy(() -> Aes256Gcm.decrypt(key, bound)).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Aes256Gcm.decrypt(key, bound, "record:other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CryptoException.class);
        assertThat(Aes256Gcm.decrypt(key, Aes256Gcm.encrypt(key, new byte[0]))).isEmpty();
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] aad = {1, 2, 3};
        byte[] blob = Aes256Gcm.encrypt(key, "secret!!".getBytes(StandardCharsets.US_ASCII), aad);
        for (int bit = 0; bit < blob.length * 8; bit++) {
            byte[] tampered = blob.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            int position = bit;
            assertThatThrownBy(() -> Aes256Gcm.decrypt(key, tampered, aad))
                    .as("bit %d", position)
                    .isInstanceOf(CryptoException.class)
                    .hasMessage("AES-GCM authentication failed");
        }
    }

    @Test
    void truncatedOrExtendedBlobsFailCleanly() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] blob = Aes256Gcm.encrypt(key, new byte[20]);
        for (int length = 0; length < blob.length; length++) {
            byte[] truncated = Arrays.copyOf(blob, length);
            assertThatThrownBy(() -> Aes256Gcm.decrypt(key, truncated)).isInstanceOf(CryptoException.class);
        }
        assertThatThrownBy(() -> Aes256Gcm.decrypt(key, Arrays.copyOf(blob, blob.length + 1)))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Aes256Gcm.decrypt(key, null)).isInstanceOf(CryptoException.class);
    }

    @Test
    void wrongKeyFailsAndMessageRevealsNothing() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] blob = Aes256Gcm.encrypt(key, "top secret payload".getBytes(StandardCharsets.US_ASCII));
        byte[] otherKey = key.clone();
        otherKey[31] ^= 1;
        assertThatThrownBy(() -> Aes256Gcm.decrypt(otherKey, blob))
                .isInstanceOf(CryptoException.class)
                .hasMessage("AES-GCM authentication failed")
                .hasNoCause();
    }

    @Test
    void rejectsWrongKeyLengths() {
        for (int length : new int[] {0, 16, 24, 31, 33}) {
            assertThatThrownBy(() -> Aes256Gcm.encrypt(new byte[length], new byte[1]))
                    .isInstanceOf(CryptoException.class).hasMessageContaining("32 bytes");
            assertThatThrownBy(() -> Aes256Gcm.decrypt(new byte[length], new byte[40]))
                    .isInstanceOf(CryptoException.class).hasMessageContaining("32 bytes");
        }
    }

    @Test
    void hundredThousandEncryptionsUseDistinctNonces() {
        byte[] key = CastellanRandom.bytes(32);
        Set<ByteBuffer> nonces = new HashSet<>();
        int count = 100_000;
        for (int i = 0; i < count; i++) {
            byte[] blob = Aes256Gcm.encrypt(key, new byte[0]);
            nonces.add(ByteBuffer.wrap(Arrays.copyOf(blob, Aes256Gcm.NONCE_LENGTH)));
        }
        assertThat(nonces).hasSize(count);
    }

    @Test
    void pooledCiphersServeConcurrentCallersWithoutMixingKeysOrNonces() throws Exception {
        int callers = 32;
        int rounds = 200;
        Set<String> nonces = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
                .newVirtualThreadPerTaskExecutor()) {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int c = 0; c < callers; c++) {
                done.add(pool.submit(() -> {
                    byte[] key = CastellanRandom.bytes(32);
                    byte[] other = CastellanRandom.bytes(32);
                    for (int i = 0; i < rounds; i++) {
                        byte[] plaintext = CastellanRandom.bytes(1 + i % 97);
                        byte[] blob = Aes256Gcm.encrypt(key, plaintext);
                        assertThat(nonces.add(Hex.hex(Arrays.copyOf(blob, Aes256Gcm.NONCE_LENGTH)))).isTrue();
                        assertThat(Aes256Gcm.decrypt(key, blob)).isEqualTo(plaintext);
                        // a failed decryption hands its cipher back in a state the next caller re-initialises
                        assertThatThrownBy(() -> Aes256Gcm.decrypt(other, blob)).isInstanceOf(CryptoException.class);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        }
        assertThat(nonces).hasSize(callers * rounds);
        assertThat(GcmCiphers.idle()).isBetween(1, GcmCiphers.MAX_IDLE);
    }

    @Test
    void theSameKeyAndNonceTwiceStillEncryptsLikeAFreshCipher() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] nonce = CastellanRandom.bytes(Aes256Gcm.NONCE_LENGTH);
        byte[] plaintext = "known answer".getBytes(StandardCharsets.US_ASCII);
        // a pooled SunJCE cipher refuses the key and nonce of its own last encryption; the pool then takes a fresh one
        byte[] first = Aes256Gcm.encryptWithNonce(key, nonce, plaintext, null);
        byte[] second = Aes256Gcm.encryptWithNonce(key, nonce, plaintext, null);
        assertThat(second).isEqualTo(first);
        assertThat(Aes256Gcm.decrypt(key, second)).isEqualTo(plaintext);
    }
}
