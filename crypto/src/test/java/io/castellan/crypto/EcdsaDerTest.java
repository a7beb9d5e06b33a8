package io.castellan.crypto;

import static io.castellan.crypto.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EcdsaDerTest {

    private static final String R = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"; // high bit 0
    private static final String S = "2bd8b6a5e4f3d2c1b0a99887766554433221100ffeeddccbbaa9988776655443";

    @Test
    void knownEncodingRoundTrip() {
        String der = "3044" + "0220" + R + "0220" + S;
        byte[] p1363 = EcdsaDer.toP1363(bytes(der));
        assertThat(Hex.hex(p1363)).isEqualTo(R + S);
        assertThat(Hex.hex(EcdsaDer.toDer(p1363))).isEqualTo(der);
    }

    @Test
    void highBitAndShortIntegersAreEncodedMinimally() {
        String highInRange = "80" + "00".repeat(30) + "01";
        String shortValue = "00".repeat(31) + "05";
        byte[] p1363 = bytes(highInRange + shortValue);
        byte[] der = EcdsaDer.toDer(p1363);
        assertThat(Hex.hex(der)).isEqualTo("3026" + "022100" + highInRange + "020105");
        assertThat(EcdsaDer.toP1363(der)).isEqualTo(p1363);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                                    // empty
        "30",                                                  // no length
        "3000",                                                // empty sequence
        "3106020101020101",                                    // wrong outer tag (SET)
        "3006020101020101" + "00",                             // trailing byte after SEQUENCE
        "3007020101020101",                                    // length overruns input
        "3005020101020101",                                    // length shorter than content
        "30080201010201010000",                                // trailing bytes inside SEQUENCE
        "3080020101020101" + "0000",                           // indefinite length
        "308106020101020101",                                  // long-form (non-minimal) length
        "3006030101020101",                                    // first element not INTEGER
        "3006020101040101",                                    // second element not INTEGER
        "30060201ff020101",                                    // negative r
        "3006020101020180",                                    // negative s
        "300702020001020101",                                  // non-minimal r (superfluous 00)
        "3006020100020101",                                    // r = 0
        "3006020101020100",                                    // s = 0
        "3005020002020101",                                    // zero-length integer
        "3009020101020101020101",                              // three integers
    })
    void malformedDerIsRejected(String hex) {
        byte[] input = bytes(hex);
        assertThatThrownBy(() -> EcdsaDer.toP1363(input))
                .isInstanceOf(CryptoException.class)
                .hasMessage("malformed DER ECDSA signature");
    }

    @Test
    void oversizedAndOutOfRangeIntegersAreRejected() {
        String n = Hex.hex(P256.toFixed(P256.N));
        // r = n (out of range, needs a leading 00 because the high bit is set)
        assertThatThrownBy(() -> EcdsaDer.toP1363(bytes("3026" + "022100" + n + "020101")))
                .isInstanceOf(CryptoException.class);
        // r = n - 1 is the largest valid value
        String nMinus1 = Hex.hex(P256.toFixed(P256.N.subtract(BigInteger.ONE)));
        assertThat(EcdsaDer.toP1363(bytes("3026" + "022100" + nMinus1 + "020101"))).hasSize(64);
        // 33 significant bytes
        assertThatThrownBy(() -> EcdsaDer.toP1363(bytes("3026" + "022101" + "00".repeat(32) + "020101")))
                .isInstanceOf(CryptoException.class);
        // 34-byte integer (even with leading zeros)
        assertThatThrownBy(() -> EcdsaDer.toP1363(bytes("3027" + "02220000" + "11".repeat(32) + "020101")))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> EcdsaDer.toP1363(new byte[200])).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> EcdsaDer.toP1363(null)).isInstanceOf(CryptoException.class);
    }

    @Test
    void p1363ToDerRejectsBadInput() {
        assertThatThrownBy(() -> EcdsaDer.toDer(new byte[63])).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> EcdsaDer.toDer(new byte[64])).isInstanceOf(CryptoException.class);
        byte[] rEqualsN = new byte[64];
        System.arraycopy(P256.toFixed(P256.N), 0, rEqualsN, 0, 32);
        rEqualsN[63] = 1;
        assertThatThrownBy(() -> EcdsaDer.toDer(rEqualsN)).isInstanceOf(CryptoException.class);
    }
}
