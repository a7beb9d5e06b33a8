package io.castellan.model.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The direct-path offer's encoding: round trips, and hostile payloads refused with a sentence. */
class DirectOfferTest {

    private static byte[] token() {
        byte[] t = new byte[DirectOffer.TOKEN_LENGTH];
        Arrays.fill(t, (byte) 0x5a);
        return t;
    }

    @Test
    void anOfferAndNoneRoundTrip() {
        DirectOffer offer = DirectOffer.of(token(), 7443, List.of("gw.example.com", "10.0.0.5", "fe80::1"));
        assertThat(DirectOffer.decode(offer.encode())).isEqualTo(offer);
        assertThat(offer.available()).isTrue();
        assertThat(DirectOffer.decode(DirectOffer.NONE.encode())).isEqualTo(DirectOffer.NONE);
        assertThat(DirectOffer.NONE.available()).isFalse();
        assertThat(DirectOffer.NONE.encode()).containsExactly(0);
    }

    @Test
    void theTokenIsNeitherSharedNorPrinted() {
        byte[] t = token();
        DirectOffer offer = DirectOffer.of(t, 1, List.of("h"));
        t[0] = 1;
        offer.token()[1] = 1;
        assertThat(offer.token()).isEqualTo(token());
        assertThat(offer.toString()).isEqualTo("DirectOffer[h port 1]").doesNotContain("5a").doesNotContain("90");
    }

    @Test
    void aFrameCarriesItOnStreamZeroOnly() {
        DirectOffer offer = DirectOffer.of(token(), 1, List.of("h"));
        Frame f = Frame.decode(Frame.direct(offer).encode());
        assertThat(f.type()).isEqualTo(FrameType.DIRECT);
        assertThat(DirectOffer.decode(f.payload())).isEqualTo(offer);
        byte[] onStream = ByteBuffer.allocate(5 + 1).put((byte) 9).putInt(3).put((byte) 0).array();
        assertThatThrownBy(() -> Frame.decode(onStream)).isInstanceOf(TunnelProtocolException.class)
                .hasMessage("DIRECT frame on stream 3");
        byte[] empty = ByteBuffer.allocate(5).put((byte) 9).putInt(0).array();
        assertThatThrownBy(() -> Frame.decode(empty)).hasMessage("DIRECT frame with a bad payload of 0 bytes");
    }

    @Test
    void hostilePayloadsAreRefusedByName() {
        byte[] good = DirectOffer.of(token(), 443, List.of("gw")).encode();
        assertThatThrownBy(() -> DirectOffer.decode(new byte[0])).isInstanceOf(TunnelProtocolException.class)
                .hasMessage("direct offer of 0 bytes (1 to " + DirectOffer.MAX_ENCODED + " allowed)");
        assertThatThrownBy(() -> DirectOffer.decode(new byte[] {0, 0}))
                .hasMessage("direct offer \"none\" with trailing bytes");
        assertThatThrownBy(() -> DirectOffer.decode(new byte[] {2, 0, 0}))
                .hasMessage("direct offer of an unknown kind or too short");
        assertThatThrownBy(() -> DirectOffer.decode(Arrays.copyOf(good, 20)))
                .hasMessage("direct offer of an unknown kind or too short");
        byte[] noHosts = good.clone();
        noHosts[35] = 0;
        assertThatThrownBy(() -> DirectOffer.decode(noHosts)).hasMessage("direct offer of 0 hosts (1 to 8 allowed)");
        byte[] nineHosts = good.clone();
        nineHosts[35] = 9;
        assertThatThrownBy(() -> DirectOffer.decode(nineHosts)).hasMessage("direct offer of 9 hosts (1 to 8 allowed)");
        byte[] twoHosts = good.clone();
        twoHosts[35] = 2;
        assertThatThrownBy(() -> DirectOffer.decode(twoHosts)).hasMessage("direct offer ends before its host 2");
        byte[] longHost = good.clone();
        longHost[36] = 5;
        assertThatThrownBy(() -> DirectOffer.decode(longHost))
                .hasMessage("direct offer host 1 of 5 bytes (1 to 2 left)");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> DirectOffer.decode(trailing)).hasMessage("direct offer with 1 trailing bytes");
        byte[] portZero = good.clone();
        portZero[33] = 0;
        portZero[34] = 0;
        assertThatThrownBy(() -> DirectOffer.decode(portZero)).hasMessage("direct offer port 0 (1 to 65535 allowed)");
        byte[] badHost = good.clone();
        badHost[37] = '/';
        assertThatThrownBy(() -> DirectOffer.decode(badHost))
                .hasMessage("direct offer host is not a host name or IP address");
        byte[] nonAscii = good.clone();
        nonAscii[37] = (byte) 0xc3;
        assertThatThrownBy(() -> DirectOffer.decode(nonAscii))
                .hasMessage("direct offer host is not a host name or IP address");
    }

    @Test
    void theConstructorHoldsTheSameRules() {
        assertThatThrownBy(() -> DirectOffer.of(new byte[31], 1, List.of("h")))
                .hasMessage("direct offer token of 31 bytes (32 expected)");
        assertThatThrownBy(() -> DirectOffer.of(token(), 70_000, List.of("h")))
                .hasMessage("direct offer port 70000 (1 to 65535 allowed)");
        assertThatThrownBy(() -> DirectOffer.of(token(), 1, List.of()))
                .hasMessage("direct offer of 0 hosts (1 to 8 allowed)");
        assertThatThrownBy(() -> DirectOffer.of(token(), 1, List.of("a b")))
                .hasMessage("direct offer host is not a host name or IP address");
    }

    /** Any bytes: an offer or a {@link TunnelProtocolException}, never another exception. */
    @Property(tries = 2000)
    void anyPayloadDecodesOrIsRefused(@ForAll byte[] payload) {
        try {
            DirectOffer offer = DirectOffer.decode(payload);
            assertThat(DirectOffer.decode(offer.encode())).isEqualTo(offer);
        } catch (TunnelProtocolException expected) {
            assertThat(expected.getMessage()).startsWith("direct offer");
        }
    }
}
