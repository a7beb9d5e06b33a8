package io.castellan.sdk.transport;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Signatures;
import java.security.interfaces.ECPrivateKey;

/**
 * One sealed, signed device request (ksm-protocol.md §1.2–1.4): a fresh 32-byte transmission key sealed with ECIES to
 * the server key, the JSON body AES-256-GCM under it, and an ECDSA P-256 / SHA-256 DER signature by the device key
 * over {@code sealedKey ‖ body}. The transmission key opens the response too; {@link #close()} wipes it.
 */
final class RequestEnvelope implements AutoCloseable {

    private final ServerKey serverKey;
    private final SecretBytes transmissionKey;
    private final byte[] sealedKey;
    private final byte[] body;
    private final byte[] signature;

    private RequestEnvelope(ServerKey serverKey, SecretBytes transmissionKey, byte[] sealedKey, byte[] body,
                            byte[] signature) {
        this.serverKey = serverKey;
        this.transmissionKey = transmissionKey;
        this.sealedKey = sealedKey;
        this.body = body;
        this.signature = signature;
    }

    /**
     * @param serverKey the server key to seal to
     * @param payload the request JSON
     * @param deviceKey the device's signing key
     * @return the envelope
     */
    static RequestEnvelope seal(ServerKey serverKey, byte[] payload, ECPrivateKey deviceKey) {
        SecretBytes key = SecretBytes.random(Aes256Gcm.KEY_LENGTH);
        byte[] sealed = Ecies.seal(serverKey.jdkKey(), key.bytes());
        byte[] body = Aes256Gcm.encrypt(key.bytes(), payload);
        byte[] signed = new byte[sealed.length + body.length];
        System.arraycopy(sealed, 0, signed, 0, sealed.length);
        System.arraycopy(body, 0, signed, sealed.length, body.length);
        return new RequestEnvelope(serverKey, key, sealed, body, Signatures.signDer(deviceKey, signed));
    }

    /** @return the {@code PublicKeyId} header */
    String publicKeyIdHeader() {
        return Integer.toString(serverKey.keyId());
    }

    /** @return the {@code TransmissionKey} header: standard base64 of the 125-byte sealed key */
    String transmissionKeyHeader() {
        return Base64s.encode(sealedKey);
    }

    /** @return the {@code Authorization} header */
    String authorizationHeader() {
        return "Signature " + Base64s.encode(signature);
    }

    /** @return the encrypted body */
    byte[] body() {
        return body;
    }

    /** @return the plaintext of a 200 response; an empty body stays empty */
    byte[] open(byte[] responseBody) {
        return responseBody.length == 0 ? responseBody : Aes256Gcm.decrypt(transmissionKey.bytes(), responseBody);
    }

    @Override
    public void close() {
        transmissionKey.close();
    }
}
