package io.castellan.model.tunnel;

import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Signatures;
import io.castellan.crypto.TunnelKeys;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * The gateway's half of the key agreement: answers the CLI's ephemeral key with its own, signed over the transcript
 * by its device key, and derives the keys with the record's traffic encryption seed.
 *
 * @param keys   the tunnel's keys
 * @param answer the message to send back
 */
public record GatewayHandshake(TunnelKeys keys, byte[] answer) {

    /**
     * @param tunnelId  the tunnel
     * @param hello     the CLI's first message
     * @param deviceKey the gateway's device private key
     * @param seed      the record's traffic encryption seed (empty when it has none)
     * @throws TunnelProtocolException when the message is not a client hello of this protocol version with a P-256
     *     key
     */
    public static GatewayHandshake answer(String tunnelId, ByteBuffer hello, ECPrivateKey deviceKey, byte[] seed) {
        WireMessage message = WireMessage.decode(hello);
        if (message instanceof WireMessage.LegacyHello) {
            throw new TunnelProtocolException(TunnelProtocol.versionMismatch("CLI", 1, "gateway"));
        }
        if (!(message instanceof WireMessage.ClientHello client)) {
            throw new TunnelProtocolException("the CLI did not start with its key");
        }
        if (client.version() != TunnelProtocol.VERSION) {
            throw new TunnelProtocolException(TunnelProtocol.versionMismatch("CLI", client.version(), "gateway"));
        }
        ECPublicKey clientKey;
        try {
            clientKey = EcKeys.publicKeyFromRaw(client.key());
        } catch (RuntimeException e) {
            throw new TunnelProtocolException("the CLI's ephemeral key is not a P-256 point");
        }
        KeyPair ephemeral = EcKeys.generateKeyPair();
        byte[] mine = EcKeys.rawPublicKey((ECPublicKey) ephemeral.getPublic());
        byte[] transcript = TunnelKeys.transcript(tunnelId, client.key(), mine);
        byte[] signature = Signatures.signDer(deviceKey, TunnelProtocol.keySignedBytes(transcript));
        TunnelKeys keys = TunnelKeys.derive((ECPrivateKey) ephemeral.getPrivate(), clientKey, seed, transcript);
        return new GatewayHandshake(keys, new WireMessage.GatewayHello(TunnelProtocol.VERSION, mine, signature)
                .encode());
    }
}
