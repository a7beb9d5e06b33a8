package io.castellan.server.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.DeviceIds;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Signatures;
import io.castellan.server.keys.TransmissionKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A Keeper-style Secrets Manager device for tests, built from the crypto classes exactly as ksm-protocol.md §1.2-§1.5
 * says: a fresh 32-byte transmission key per request sealed with ECIES to the server key, the JSON payload
 * AES-256-GCM under it, and an ECDSA-P256-SHA256 DER signature over {@code sealedKey ‖ encryptedBody} in
 * {@code Authorization: Signature <std base64>}. Like Keeper's Java SDK it sends
 * {@code Content-Type: application/x-www-form-urlencoded} unless told otherwise. Requests can be sealed and sent
 * separately, so tests can replay or tamper with them.
 */
final class TestDevice {

    static final ObjectMapper JSON = new ObjectMapper();

    final byte[] clientKey;
    final String clientId;
    final KeyPair keys;
    final String base;
    final TransmissionKey serverKey;
    final HttpClient http;
    String clientVersion = "mj17.0.0";
    String contentType = "application/x-www-form-urlencoded";
    byte[] appKey;
    byte[] ownerPublicKey;

    /** One sealed request. */
    record Sealed(String path, Map<String, String> headers, byte[] body, byte[] transmissionKey) {
    }

    /** An answer: the decrypted JSON of a 200 (null for an empty body), or the plain error JSON. */
    record Reply(int status, byte[] raw, ObjectNode json) {

        String error() {
            return json == null ? null : json.path("error").asText(null);
        }

        String text() {
            return new String(raw, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + (json == null ? "(empty)" : json.toString());
        }
    }

    TestDevice(byte[] clientKey, String base, TransmissionKey serverKey, HttpClient http) {
        this(clientKey, EcKeys.generateKeyPair(), base, serverKey, http);
    }

    private TestDevice(byte[] clientKey, KeyPair keys, String base, TransmissionKey serverKey, HttpClient http) {
        this.keys = keys;
        this.clientKey = clientKey.clone();
        this.clientId = DeviceIds.clientId(clientKey);
        this.base = base;
        this.serverKey = serverKey;
        this.http = http;
    }

    /** A new device with a fresh one-time token. */
    static TestDevice fresh(String base, TransmissionKey serverKey, HttpClient http) {
        return new TestDevice(CastellanRandom.bytes(32), base, serverKey, http);
    }

    /** The same token and device key, talking through another HTTP client (another source address). */
    TestDevice via(HttpClient other) {
        TestDevice copy = new TestDevice(clientKey, keys, base, serverKey, other);
        copy.appKey = appKey;
        copy.ownerPublicKey = ownerPublicKey;
        return copy;
    }

    /** The same token and device key, talking to another server node at {@code otherBase} (same TLS trust). */
    TestDevice at(String otherBase) {
        TestDevice copy = new TestDevice(clientKey, keys, otherBase, serverKey, http);
        copy.appKey = appKey;
        copy.ownerPublicKey = ownerPublicKey;
        return copy;
    }

    byte[] publicKeyRaw() {
        return EcKeys.rawPublicKey((ECPublicKey) keys.getPublic());
    }

    /** {@code {clientVersion, clientId}}, the start of every payload. */
    ObjectNode payload() {
        return JsonNodeFactory.instance.objectNode().put("clientVersion", clientVersion).put("clientId", clientId);
    }

    Sealed seal(String path, ObjectNode payload) {
        return seal(path, payload, serverKey.keyId(), serverKey.publicKeyRaw());
    }

    Sealed seal(String path, ObjectNode payload, int keyId, byte[] serverPublicKey) {
        byte[] tk = CastellanRandom.bytes(32);
        byte[] sealedKey = Ecies.seal(serverPublicKey, tk);
        byte[] body;
        try {
            body = Aes256Gcm.encrypt(tk, JSON.writeValueAsBytes(payload));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] signed = Arrays.copyOf(sealedKey, sealedKey.length + body.length);
        System.arraycopy(body, 0, signed, sealedKey.length, body.length);
        byte[] signature = Signatures.signDer((ECPrivateKey) keys.getPrivate(), signed);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("PublicKeyId", Integer.toString(keyId));
        headers.put("TransmissionKey", Base64s.encode(sealedKey));
        headers.put("Authorization", "Signature " + Base64s.encode(signature));
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new Sealed(path, headers, body, tk);
    }

    Reply send(Sealed sealed) {
        HttpResponse<byte[]> response = post(sealed.path(), sealed.headers(), sealed.body());
        try {
            if (response.statusCode() == 200) {
                if (response.body().length == 0) {
                    return new Reply(200, response.body(), null);
                }
                byte[] plain = Aes256Gcm.decrypt(sealed.transmissionKey(), response.body());
                return new Reply(200, plain, (ObjectNode) JSON.readTree(plain));
            }
            JsonNode error = JSON.readTree(response.body());
            return new Reply(response.statusCode(), response.body(), error instanceof ObjectNode o ? o : null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Reply call(String path, ObjectNode payload) {
        return send(seal(path, payload));
    }

    /** A call that must answer 200; returns the decrypted JSON (null for an empty body). */
    ObjectNode ok(String path, ObjectNode payload) {
        Reply reply = call(path, payload);
        if (reply.status() != 200) {
            throw new AssertionError(path + " failed: " + reply);
        }
        return reply.json();
    }

    /** The first get_secret, with the device's public key: keeps the app key and the owner's public key. */
    ObjectNode bind() {
        ObjectNode answer = ok("get_secret", payload().put("publicKey", Base64s.encode(publicKeyRaw())));
        appKey = Aes256Gcm.decrypt(clientKey, Base64s.decode(answer.get("encryptedAppKey").asText()));
        ownerPublicKey = Base64s.decode(answer.get("appOwnerPublicKey").asText());
        return answer;
    }

    HttpResponse<byte[]> post(String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/rest/sm/v1/" + path))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTPS client trusting only the server's certificate, optionally bound to a local (source) address. */
    static HttpClient httpClient(Path dataDir, String localAddress) throws Exception {
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls/server.crt"))) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("castellan", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (localAddress != null) {
            builder.localAddress(InetAddress.getByName(localAddress));
        }
        return builder.build();
    }
}
