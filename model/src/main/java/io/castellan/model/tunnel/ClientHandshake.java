package io.castellan.model.tunnel;

import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Signatures;
import io.castellan.crypto.TunnelKeys;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * The CLI's half of the key agreement: a fresh ephemeral P-256 key per tunnel; the gateway's answer must carry an
 * ephemeral key signed, over the transcript, by the gateway's device key (the public key the server reported for the
 * tunnel's gateway); the record's traffic encryption seed goes into HKDF.
 */
public final class ClientHandshake {

    private final String tunnelId;
    private final ECPublicKey gatewayDeviceKey;
    private final byte[] seed;
    private final KeyPair ephemeral = EcKeys.generateKeyPair();

    /**
     * @param tunnelId         the tunnel
     * @param gatewayDeviceKey the gateway's device public key, as the server reported it
     * @param seed             the record's traffic encryption seed (empty when it has none)
     */
    public ClientHandshake(String tunnelId, ECPublicKey gatewayDeviceKey, byte[] seed) {
        this.tunnelId = tunnelId;
        this.gatewayDeviceKey = gatewayDeviceKey;
        this.seed = seed.clone();
    }

    /** @return the first message to send */
    public byte[] hello() {
        return new WireMessage.ClientHello(TunnelProtocol.VERSION, EcKeys.rawPublicKey((ECPublicKey)
                ephemeral.getPublic())).encode();
    }

    /**
     * @param answer the gateway's first message
     * @return the tunnel's keys
     * @throws TunnelProtocolException when the answer is not a gateway hello of this protocol version or its
     *     signature does not verify
     */
    public TunnelKeys finish(java.nio.ByteBuffer answer) {
        WireMessage message = WireMessage.decode(answer);
        if (message instanceof WireMessage.LegacyHello) {
            throw new TunnelProtocolException(TunnelProtocol.versionMismatch("gateway", 1, "CLI"));
        }
        if (!(message instanceof WireMessage.GatewayHello hello)) {
            throw new TunnelProtocolException("the gateway did not answer with its key");
        }
        if (hello.version() != TunnelProtocol.VERSION) {
            throw new TunnelProtocolException(TunnelProtocol.versionMismatch("gateway", hello.version(), "CLI"));
        }
        byte[] mine = EcKeys.rawPublicKey((ECPublicKey) ephemeral.getPublic());
        ECPublicKey theirs;
        try {
            theirs = EcKeys.publicKeyFromRaw(hello.key());
        } catch (RuntimeException e) {
            throw new TunnelProtocolException("the gateway's ephemeral key is not a P-256 point");
        }
        byte[] transcript = TunnelKeys.transcript(tunnelId, mine, hello.key());
        if (!Signatures.verifyDer(gatewayDeviceKey, TunnelProtocol.keySignedBytes(transcript), hello.signature())) {
            throw new TunnelProtocolException("the gateway's key is not signed by the tunnel's gateway (refusing a"
                    + " possible man in the middle)");
        }
        return TunnelKeys.derive((ECPrivateKey) ephemeral.getPrivate(), theirs, seed, transcript);
    }
}
