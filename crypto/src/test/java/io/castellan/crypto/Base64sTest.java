package io.castellan.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Base64sTest {

    private static final byte[] DATA = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x01};

    @Test
    void standardAlphabetIsPadded() {
        assertThat(Base64s.encode(DATA)).isEqualTo("+/+/AQ==");
        assertThat(Base64s.decode("+/+/AQ==")).isEqualTo(DATA);
        assertThat(Base64s.decode("+/+/AQ")).isEqualTo(DATA);
    }

    @Test
    void webSafeAlphabetIsUnpaddedAndAcceptsPadding() {
        assertThat(Base64s.encodeWebSafe(DATA)).isEqualTo("-_-_AQ");
        assertThat(Base64s.decodeWebSafe("-_-_AQ")).isEqualTo(DATA);
        assertThat(Base64s.decodeWebSafe("-_-_AQ==")).isEqualTo(DATA);
    }

    @Test
    void roundTripsAllLengths() {
        for (int length = 0; length < 70; length++) {
            byte[] data = CastellanRandom.bytes(length);
            assertThat(Base64s.decode(Base64s.encode(data))).isEqualTo(data);
            assertThat(Base64s.decodeWebSafe(Base64s.encodeWebSafe(data))).isEqualTo(data);
        }
    }

    @Test
    void alphabetsAreNotMixed() {
        assertThatThrownBy(() -> Base64s.decode("-_-_AQ==")).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Base64s.decodeWebSafe("+/+/AQ==")).isInstanceOf(CryptoException.class);
    }

    @Test
    void malformedInputIsRejectedWithoutEchoingIt() {
        String secretLooking = "c2VjcmV0LXRva2Vu!";
        assertThatThrownBy(() -> Base64s.decode(secretLooking))
                .isInstanceOf(CryptoException.class)
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2VjcmV0").doesNotContain("!")
                        .doesNotContain("21"));
        for (String bad : new String[] {"QQ=", "Q", "QQ==QQ==", "QUJD RA==", "QUJD\nRA==", "=QQ", "QQ===", null}) {
            assertThatThrownBy(() -> Base64s.decode(bad)).as(String.valueOf(bad)).isInstanceOf(CryptoException.class);
            assertThatThrownBy(() -> Base64s.decodeWebSafe(bad)).isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void nonCanonicalTrailingBitsAreRejected() {
        assertThat(Base64s.decode("QQ==")).isEqualTo("A".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Base64s.decode("QR==")).isInstanceOf(CryptoException.class)
                .hasMessageContaining("non-canonical");
        assertThatThrownBy(() -> Base64s.decodeWebSafe("QUJ")).isInstanceOf(CryptoException.class);
        assertThat(Base64s.decodeWebSafe("QUI")).isEqualTo("AB".getBytes(StandardCharsets.US_ASCII));
    }
}
