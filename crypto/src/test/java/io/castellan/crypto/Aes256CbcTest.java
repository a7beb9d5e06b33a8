package io.castellan.crypto;

import static io.castellan.crypto.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Aes256CbcTest {

    /** NIST SP 800-38A F.2.5 CBC-AES256.Encrypt; PKCS#7 then appends one full padding block. */
    @Test
    void nistSp80038aVectorPlusPaddingBlock() {
        byte[] key = bytes("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        byte[] iv = bytes("000102030405060708090a0b0c0d0e0f");
        byte[] plaintext = bytes("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
        byte[] expected = bytes("f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
                + "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b");
        byte[] blob = Aes256Cbc.encryptWithIv(key, iv, plaintext);
        assertThat(blob).hasSize(16 + 64 + 16);
        assertThat(Arrays.copyOf(blob, 16)).isEqualTo(iv);
        assertThat(Arrays.copyOfRange(blob, 16, 80)).isEqualTo(expected);
        assertThat(Aes256Cbc.decrypt(key, blob)).isEqualTo(plaintext);
    }

    @Test
    void roundTripsAllPaddingLengths() {
        byte[] key = CastellanRandom.bytes(32);
        for (int length = 0; length <= 33; length++) {
            byte[] plaintext = CastellanRandom.bytes(length);
            byte[] blob = Aes256Cbc.encrypt(key, plaintext);
            assertThat(blob.length).isEqualTo(16 + (length / 16 + 1) * 16);
            assertThat(Aes256Cbc.decrypt(key, blob)).isEqualTo(plaintext);
        }
    }

    @Test
    void freshIvPerCall() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] plaintext = "{\"name\":\"Servers\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Arrays.copyOf(Aes256Cbc.encrypt(key, plaintext), 16))
                .isNotEqualTo(Arrays.copyOf(Aes256Cbc.encrypt(key, plaintext), 16));
    }

    @Test
    void badLengthsAndPaddingFailWithGenericMessage() {
        byte[] key = CastellanRandom.bytes(32);
        for (int length : new int[] {0, 15, 16, 17, 31, 33, 47}) {
            assertThatThrownBy(() -> Aes256Cbc.decrypt(key, new byte[length])).isInstanceOf(CryptoException.class);
        }
        byte[] blob = Aes256Cbc.encrypt(key, new byte[16]);
        byte[] otherKey = CastellanRandom.bytes(32);
        // A wrong key almost always yields bad padding; when it does not, the output differs.
        try {
            assertThat(Aes256Cbc.decrypt(otherKey, blob)).isNotEqualTo(new byte[16]);
        } catch (CryptoException e) {
            assertThat(e).hasMessage("AES-CBC decryption failed").hasNoCause();
        }
        assertThatThrownBy(() -> Aes256Cbc.encrypt(new byte[16], new byte[1])).isInstanceOf(CryptoException.class);
    }
}
