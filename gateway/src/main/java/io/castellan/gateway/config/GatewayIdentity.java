package io.castellan.gateway.config;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.InvalidClientConfigException;
import io.castellan.sdk.transport.ServerUrls;
import io.castellan.sdk.transport.TlsTrust;
import java.net.URI;
import java.security.interfaces.ECPrivateKey;

/**
 * Who the gateway is and whom it trusts, read from its device configuration: the server ({@code https://HOST:PORT}),
 * the TLS trust (the pinned fingerprint, else the JVM's trust store), the client id and the device private key that
 * signs the Router's challenge. Only a bound configuration is accepted: an unbound one has not finished
 * {@code ott-init}, and binding it here could not be saved when the configuration came from the environment.
 *
 * @param config the configuration
 * @param serverUri {@code https://HOST[:PORT]}
 * @param tls how the server's certificate is trusted
 * @param clientId the device's client id
 * @param deviceKey the device's P-256 private key
 */
public record GatewayIdentity(ClientConfig config, URI serverUri, TlsTrust tls, String clientId,
                              ECPrivateKey deviceKey) {

    /**
     * @param config a device configuration
     * @return the identity
     * @throws CastellanException {@code BAD_REQUEST} naming the missing or malformed key (never its value)
     */
    public static GatewayIdentity of(ClientConfig config) {
        ServerUrls server = ServerUrls.of(config.require(ClientConfig.HOSTNAME));
        String clientId = config.require(ClientConfig.CLIENT_ID);
        if (!config.isBound()) {
            throw new InvalidClientConfigException("the configuration is not bound to its application yet (no '"
                    + ClientConfig.APP_KEY + "'); create it with 'castellan-gateway ott-init TOKEN'");
        }
        TlsTrust tls = config.get(GatewayConfigKeys.TLS_FINGERPRINT).filter(s -> !s.isBlank())
                .map(GatewayIdentity::pinned).orElseGet(TlsTrust::system);
        return new GatewayIdentity(config, URI.create(server.toString()), tls, clientId, privateKey(config));
    }

    private static TlsTrust pinned(String fingerprint) {
        try {
            return TlsTrust.pinned(fingerprint);
        } catch (CastellanException e) {
            throw new InvalidClientConfigException("configuration key '" + GatewayConfigKeys.TLS_FINGERPRINT
                    + "' is not a SHA-256 fingerprint");
        }
    }

    private static ECPrivateKey privateKey(ClientConfig config) {
        byte[] der = null;
        try {
            der = Base64s.decode(config.require(ClientConfig.PRIVATE_KEY));
            return EcKeys.privateKeyFromPkcs8(der);
        } catch (CryptoException | IllegalArgumentException e) {
            throw new InvalidClientConfigException("configuration key '" + ClientConfig.PRIVATE_KEY
                    + "' is not a base64 PKCS#8 P-256 private key");
        } finally {
            if (der != null) {
                Wipe.wipe(der);
            }
        }
    }

    @Override
    public String toString() {
        return "GatewayIdentity[" + serverUri + ", client " + clientId + ", " + tls + "]";
    }
}
