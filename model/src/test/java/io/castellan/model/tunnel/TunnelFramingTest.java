package io.castellan.model.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.TunnelKeys;
import io.castellan.crypto.TunnelOpener;
import io.castellan.crypto.TunnelSealer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;

/** The sealed frame layer: key agreement, and tampering, replay, reordering and loss refused. */
class TunnelFramingTest {

    private static final byte[] SEED = "record seed".getBytes(StandardCharsets.UTF_8);
    private final KeyPair gatewayDevice = EcKeys.generateKeyPair();

    private record Pair(TunnelKeys client, TunnelKeys gateway) {
    }

    private Pair agree(byte[] clientSeed, byte[] gatewaySeed) {
        ClientHandshake client = new ClientHandshake("tunnel-0123456789abcdef", (ECPublicKey) gatewayDevice.getPublic(),
                clientSeed);
        GatewayHandshake gw = GatewayHandshake.answer("tunnel-0123456789abcdef", ByteBuffer.wrap(client.hello()),
                (ECPrivateKey) gatewayDevice.getPrivate(), gatewaySeed);
        return new Pair(client.finish(ByteBuffer.wrap(gw.answer())), gw.keys());
    }

    @Test
    void bothEndsDeriveTheSameDirectionalKeys() {
        Pair p = agree(SEED, SEED);
        assertThat(p.client().clientToGateway()).isEqualTo(p.gateway().clientToGateway());
        assertThat(p.client().gatewayToClient()).isEqualTo(p.gateway().gatewayToClient());
        assertThat(p.client().clientToGateway()).isNotEqualTo(p.client().gatewayToClient());
    }

    @Test
    void aDifferentSeedGivesKeysThatOpenNothing() {
        Pair p = agree(SEED, "another seed".getBytes(StandardCharsets.UTF_8));
        TunnelSealer sealer = new TunnelSealer(p.client().clientToGateway(), TunnelSealer.CLIENT_TO_GATEWAY);
        TunnelOpener opener = new TunnelOpener(p.gateway().clientToGateway(), TunnelSealer.CLIENT_TO_GATEWAY);
        byte[] sealed = sealer.seal(Frame.open(1).encode());
        assertThatThrownBy(() -> opener.open(0, sealed)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("authentication");
    }

    @Test
    void aGatewayKeyNotSignedByTheGatewaysDeviceKeyIsRefused() {
        ClientHandshake client = new ClientHandshake("tunnel-0123456789abcdef",
                (ECPublicKey) gatewayDevice.getPublic(), SEED);
        KeyPair impostor = EcKeys.generateKeyPair();
        GatewayHandshake gw = GatewayHandshake.answer("tunnel-0123456789abcdef", ByteBuffer.wrap(client.hello()),
                (ECPrivateKey) impostor.getPrivate(), SEED);
        assertThatThrownBy(() -> client.finish(ByteBuffer.wrap(gw.answer())))
                .isInstanceOf(TunnelProtocolException.class).hasMessageContaining("man in the middle");
    }

    @Test
    void aSignatureForAnotherTunnelIsRefused() {
        ClientHandshake client = new ClientHandshake("tunnel-AAAAAAAAAAAAAAAA",
                (ECPublicKey) gatewayDevice.getPublic(), SEED);
        GatewayHandshake gw = GatewayHandshake.answer("tunnel-BBBBBBBBBBBBBBBB", ByteBuffer.wrap(client.hello()),
                (ECPrivateKey) gatewayDevice.getPrivate(), SEED);
        assertThatThrownBy(() -> client.finish(ByteBuffer.wrap(gw.answer())))
                .isInstanceOf(TunnelProtocolException.class);
    }

    @Test
    void framesOpenInOrderAndReplayReorderLossAndTamperingAreRefused() {
        Pair p = agree(SEED, SEED);
        TunnelSealer sealer = new TunnelSealer(p.client().clientToGateway(), TunnelSealer.CLIENT_TO_GATEWAY);
        byte[] f0 = sealer.seal(Frame.data(1, "zero".getBytes(StandardCharsets.UTF_8)).encode());
        byte[] f1 = sealer.seal(Frame.data(1, "one".getBytes(StandardCharsets.UTF_8)).encode());
        byte[] f2 = sealer.seal(Frame.data(1, "two".getBytes(StandardCharsets.UTF_8)).encode());

        TunnelOpener opener = new TunnelOpener(p.gateway().clientToGateway(), TunnelSealer.CLIENT_TO_GATEWAY);
        assertThatThrownBy(() -> opener.open(1, f1)).hasMessageContaining("out of order");
        assertThat(Frame.decode(opener.open(0, f0)).payload()).asString(StandardCharsets.UTF_8).isEqualTo("zero");
        assertThatThrownBy(() -> opener.open(0, f0)).hasMessageContaining("replayed");
        assertThatThrownBy(() -> opener.open(2, f2)).hasMessageContaining("dropped");
        // a frame presented under another sequence number than it was sealed with fails authentication
        assertThatThrownBy(() -> opener.open(1, f2)).hasMessageContaining("authentication");
        byte[] tampered = f1.clone();
        tampered[2] ^= 1;
        assertThatThrownBy(() -> opener.open(1, tampered)).hasMessageContaining("authentication");
        assertThat(Frame.decode(opener.open(1, f1)).payload()).asString(StandardCharsets.UTF_8).isEqualTo("one");
        assertThat(Frame.decode(opener.open(2, f2)).payload()).asString(StandardCharsets.UTF_8).isEqualTo("two");
    }

    @Test
    void aFrameOfOneDirectionDoesNotOpenInTheOther() {
        Pair p = agree(SEED, SEED);
        byte[] sealed = new TunnelSealer(p.client().clientToGateway(), TunnelSealer.CLIENT_TO_GATEWAY)
                .seal(Frame.fin(1).encode());
        TunnelOpener reflected = new TunnelOpener(p.client().gatewayToClient(), TunnelSealer.GATEWAY_TO_CLIENT);
        assertThatThrownBy(() -> reflected.open(0, sealed)).isInstanceOf(CryptoException.class);
    }

    @Test
    void malformedFramesAndMessagesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> Frame.decode(new byte[] {4, 0, 0, 0, 1})).hasMessageContaining("bad payload");
        assertThatThrownBy(() -> Frame.decode(new byte[] {10, 0, 0, 0, 1})).hasMessageContaining("unknown");
        assertThatThrownBy(() -> Frame.decode(new byte[] {8, 0, 0, 0, 1})).hasMessageContaining("CLOSE frame on");
        assertThatThrownBy(() -> Frame.decode(Frame.credit(1, TunnelProtocol.MAX_WINDOW + 1).encode()))
                .hasMessageContaining("bad payload");
        assertThatThrownBy(() -> WireMessage.decode(ByteBuffer.allocate(TunnelProtocol.MAX_MESSAGE + 1)))
                .hasMessageContaining("bytes");
        assertThatThrownBy(() -> WireMessage.decode(ByteBuffer.wrap(new byte[] {4, 2, 3})))
                .hasMessageContaining("65-byte key");
        assertThatThrownBy(() -> WireMessage.decode(ByteBuffer.wrap(new byte[] {8, 2, 3})))
                .hasMessageContaining("unknown tunnel message kind 8");
        assertThatThrownBy(() -> WireMessage.decode(ByteBuffer.wrap(new byte[] {7, 2, 3})))
                .hasMessage("usage report must carry two byte counts of 0 or more");
        byte[] negative = new WireMessage.UsageReport(1, 2).encode();
        negative[1] = (byte) 0x80;
        assertThatThrownBy(() -> WireMessage.decode(ByteBuffer.wrap(negative)))
                .hasMessage("usage report must carry two byte counts of 0 or more");
        assertThat(WireMessage.decode(ByteBuffer.wrap(new WireMessage.UsageReport(5, 7).encode())))
                .isEqualTo(new WireMessage.UsageReport(5, 7));
        Frame roundTrip = Frame.decode(Frame.reset(3, "gone\u0000away").encode());
        assertThat(roundTrip.reason()).isEqualTo("gone away");
    }

    @Test
    void batchesRoundTripAndAreDecodedStrictly() {
        byte[] a = new byte[WireMessage.MIN_SEALED];
        byte[] b = new byte[300];
        b[299] = 7;
        byte[] encoded = new WireMessage.Batch(41, java.util.List.of(a, b)).encode();
        WireMessage.Batch back = (WireMessage.Batch) WireMessage.decode(ByteBuffer.wrap(encoded));
        assertThat(back.sequence()).isEqualTo(41);
        assertThat(back.ciphertexts()).hasSize(2);
        assertThat(back.ciphertexts().get(1)).isEqualTo(b);

        byte[] cut = java.util.Arrays.copyOf(encoded, encoded.length - 1); // the last frame is one byte short
        assertThatThrownBy(() -> WireMessage.decode(ByteBuffer.wrap(cut))).hasMessageContaining("batch frame of 300");
        byte[] dangling = java.util.Arrays.copyOf(encoded, encoded.length + 1); // half a length after the last frame
        assertThatThrownBy(() -> WireMessage.decode(ByteBuffer.wrap(dangling)))
                .hasMessageContaining("inside a frame length");
        byte[] tiny = new WireMessage.Batch(0, java.util.List.of(new byte[WireMessage.MIN_SEALED - 1], a)).encode();
        assertThatThrownBy(() -> WireMessage.decode(ByteBuffer.wrap(tiny))).hasMessageContaining("batch frame of 20");
        byte[] empty = ByteBuffer.allocate(9).put((byte) 6).putLong(0).array();
        assertThatThrownBy(() -> WireMessage.decode(ByteBuffer.wrap(empty))).hasMessageContaining("batch too short");
    }

    @Test
    void aBatchOfFullDataFramesFitsTheLargestMessage() {
        int frameData = TunnelProtocol.MAX_BATCH_DATA / TunnelProtocol.BATCH_FRAMES;
        assertThat(frameData).isLessThanOrEqualTo(TunnelProtocol.MAX_PAYLOAD);
        // a batch of full DATA frames, and 1 KiB of small frames beside them, fit the largest message
        assertThat(9 + TunnelProtocol.BATCH_FRAMES * (2 + 5 + frameData + 16) + 1024)
                .isLessThanOrEqualTo(TunnelProtocol.MAX_MESSAGE);
        // which travels as one WebSocket frame (header at most 14 bytes) within Jetty's default 64 KiB frame limit
        assertThat(TunnelProtocol.MAX_MESSAGE + 14).isLessThanOrEqualTo(64 * 1024);
        Pair p = agree(SEED, SEED);
        byte[] sealed = new TunnelSealer(p.client().clientToGateway(), TunnelSealer.CLIENT_TO_GATEWAY)
                .seal(Frame.data(1, new byte[TunnelProtocol.MAX_PAYLOAD]).encode());
        assertThat(sealed).hasSize(TunnelProtocol.MAX_SEALED_FRAME);
    }

    @Test
    void aVersionOneCliIsRefusedByTheGatewayNamingWhatToUpdate() {
        byte[] v1Hello = new byte[1 + WireMessage.KEY_LENGTH];
        v1Hello[0] = 1;
        assertThatThrownBy(() -> GatewayHandshake.answer("tunnel-0123456789abcdef", ByteBuffer.wrap(v1Hello),
                (ECPrivateKey) gatewayDevice.getPrivate(), SEED)).isInstanceOf(TunnelProtocolException.class)
                .hasMessage("the CLI speaks tunnel protocol version 1 and this gateway version "
                        + TunnelProtocol.VERSION + ": update the CLI");
    }

    @Test
    void aVersionOneGatewayIsRefusedByTheCliNamingWhatToUpdate() {
        ClientHandshake client = new ClientHandshake("tunnel-0123456789abcdef",
                (ECPublicKey) gatewayDevice.getPublic(), SEED);
        byte[] v1Answer = new byte[1 + WireMessage.KEY_LENGTH + 70];
        v1Answer[0] = 2;
        assertThatThrownBy(() -> client.finish(ByteBuffer.wrap(v1Answer))).isInstanceOf(TunnelProtocolException.class)
                .hasMessage("the gateway speaks tunnel protocol version 1 and this CLI version "
                        + TunnelProtocol.VERSION + ": update the gateway");
    }

    @Test
    void aNewerVersionIsRefusedNamingThisEndAsTheOneToUpdate() {
        ClientHandshake client = new ClientHandshake("tunnel-0123456789abcdef",
                (ECPublicKey) gatewayDevice.getPublic(), SEED);
        byte[] hello = client.hello();
        assertThat(hello[1]).isEqualTo((byte) TunnelProtocol.VERSION);
        hello[1] = (byte) (TunnelProtocol.VERSION + 1);
        assertThatThrownBy(() -> GatewayHandshake.answer("tunnel-0123456789abcdef", ByteBuffer.wrap(hello),
                (ECPrivateKey) gatewayDevice.getPrivate(), SEED))
                .hasMessage("the CLI speaks tunnel protocol version " + (TunnelProtocol.VERSION + 1)
                        + " and this gateway version " + TunnelProtocol.VERSION + ": update this gateway");
        hello[1] = 3; // windows that grow, before the direct path
        assertThatThrownBy(() -> GatewayHandshake.answer("tunnel-0123456789abcdef", ByteBuffer.wrap(hello),
                (ECPrivateKey) gatewayDevice.getPrivate(), SEED))
                .hasMessage("the CLI speaks tunnel protocol version 3 and this gateway version 4: update the CLI");
    }

    @Test
    void aGatewayHelloWhoseVersionByteWasRewrittenIsRefused() {
        ClientHandshake client = new ClientHandshake("tunnel-0123456789abcdef",
                (ECPublicKey) gatewayDevice.getPublic(), SEED);
        GatewayHandshake gw = GatewayHandshake.answer("tunnel-0123456789abcdef", ByteBuffer.wrap(client.hello()),
                (ECPrivateKey) gatewayDevice.getPrivate(), SEED);
        byte[] answer = gw.answer();
        answer[1] = 1;
        assertThatThrownBy(() -> client.finish(ByteBuffer.wrap(answer))).hasMessageContaining("version 1");
    }
}
