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
        assertThatThrownBy(() -> Frame.decode(new byte[] {9, 0, 0, 0, 1})).hasMessageContaining("unknown");
        assertThatThrownBy(() -> Frame.decode(new byte[] {8, 0, 0, 0, 1})).hasMessageContaining("CLOSE frame on");
        assertThatThrownBy(() -> Frame.decode(Frame.credit(1, TunnelProtocol.WINDOW + 1).encode()))
                .hasMessageContaining("bad payload");
        assertThatThrownBy(() -> WireMessage.decode(ByteBuffer.allocate(TunnelProtocol.MAX_MESSAGE + 1)))
                .hasMessageContaining("bytes");
        assertThatThrownBy(() -> WireMessage.decode(ByteBuffer.wrap(new byte[] {1, 2, 3})))
                .hasMessageContaining("65-byte key");
        Frame roundTrip = Frame.decode(Frame.reset(3, "gone\u0000away").encode());
        assertThat(roundTrip.reason()).isEqualTo("gone away");
    }
}
