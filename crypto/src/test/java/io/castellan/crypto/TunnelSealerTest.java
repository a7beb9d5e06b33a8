package io.castellan.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Sealing a frame in place (header and payload apart, into a message) is the same as sealing it joined. */
class TunnelSealerTest {

    private static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 0x42);
    }

    @Test
    void sealingIntoAMessageEqualsSealingTheJoinedFrameAndOpensWhereItLies() {
        byte[] header = {4, 0, 0, 0, 9};
        byte[] buffer = new byte[40_000];
        CastellanRandom.fill(buffer);
        TunnelSealer joined = new TunnelSealer(KEY, TunnelSealer.CLIENT_TO_GATEWAY);
        TunnelSealer inPlace = new TunnelSealer(KEY, TunnelSealer.CLIENT_TO_GATEWAY);
        TunnelOpener opener = new TunnelOpener(KEY, TunnelSealer.CLIENT_TO_GATEWAY);
        byte[] message = new byte[7 + 2 * (5 + 16_000 + 16) + 3];
        int at = 7;
        for (int from = 0; from < 32_000; from += 16_000) {
            byte[] frame = new byte[5 + 16_000];
            System.arraycopy(header, 0, frame, 0, 5);
            System.arraycopy(buffer, from + 1_000, frame, 5, 16_000);
            byte[] expected = joined.seal(frame);
            int n = inPlace.sealInto(header, buffer, from + 1_000, 16_000, message, at);
            assertThat(n).isEqualTo(expected.length);
            assertThat(Arrays.copyOfRange(message, at, at + n)).isEqualTo(expected);
            assertThat(opener.open(inPlace.nextSequence() - 1, message, at, n)).isEqualTo(frame);
            at += n;
        }
        assertThat(inPlace.nextSequence()).isEqualTo(2);
        message[7 + 100] ^= 1;
        TunnelOpener fresh = new TunnelOpener(KEY, TunnelSealer.CLIENT_TO_GATEWAY);
        assertThatThrownBy(() -> fresh.open(0, message, 7, 5 + 16_000 + 16)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> fresh.open(0, message, 7, 15)).hasMessage("tunnel frame too short");
    }
}
