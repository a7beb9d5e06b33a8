package io.castellan.crypto;

import static io.castellan.crypto.Hex.bytes;
import static io.castellan.crypto.Hex.range;
import static io.castellan.crypto.Hex.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HkdfTest {

    @Test
    void rfc5869TestCase1() {
        byte[] ikm = repeat(0x0b, 22);
        byte[] salt = range(0x00, 0x0c);
        byte[] info = range(0xf0, 0xf9);
        byte[] prk = Hkdf.extract(salt, ikm);
        assertThat(prk).isEqualTo(bytes("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"));
        byte[] expected = bytes("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
        assertThat(Hkdf.expand(prk, info, 42)).isEqualTo(expected);
        assertThat(Hkdf.derive(salt, ikm, info, 42)).isEqualTo(expected);
    }

    @Test
    void rfc5869TestCase2LongInputs() {
        byte[] ikm = range(0x00, 0x4f);
        byte[] salt = range(0x60, 0xaf);
        byte[] info = range(0xb0, 0xff);
        byte[] prk = Hkdf.extract(salt, ikm);
        assertThat(prk).isEqualTo(bytes("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244"));
        assertThat(Hkdf.expand(prk, info, 82)).isEqualTo(bytes(
                "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                        + "cc30c58179ec3e87c14c01d5c1f3434f1d87"));
    }

    @Test
    void rfc5869TestCase3EmptySaltAndInfo() {
        byte[] ikm = repeat(0x0b, 22);
        byte[] prk = Hkdf.extract(new byte[0], ikm);
        assertThat(prk).isEqualTo(bytes("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"));
        assertThat(Hkdf.extract(null, ikm)).isEqualTo(prk);
        byte[] expected = bytes("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
        assertThat(Hkdf.expand(prk, new byte[0], 42)).isEqualTo(expected);
        assertThat(Hkdf.expand(prk, null, 42)).isEqualTo(expected);
    }

    @Test
    void shorterOutputIsPrefixAndInfoSeparatesKeys() {
        byte[] prk = Hkdf.extract(range(0, 15), repeat(7, 32));
        byte[] long1 = Hkdf.expand(prk, bytes("01"), 100);
        assertThat(Hkdf.expand(prk, bytes("01"), 33)).isEqualTo(Arrays.copyOf(long1, 33));
        assertThat(Hkdf.expand(prk, bytes("02"), 100)).isNotEqualTo(long1);
    }

    @Test
    void outputLengthIsBounded() {
        byte[] prk = repeat(1, 32);
        assertThat(Hkdf.expand(prk, null, Hkdf.MAX_OUTPUT_LENGTH)).hasSize(255 * 32);
        assertThatThrownBy(() -> Hkdf.expand(prk, null, Hkdf.MAX_OUTPUT_LENGTH + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.expand(prk, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.expand(repeat(1, 31), null, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.extract(null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
