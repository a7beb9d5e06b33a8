package io.castellan.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-test HTTPS endpoint that speaks the envelope of docs/api.md from the server side, written independently of
 * the client's transport: it publishes its keys, opens {@code TransmissionKey} with its private key, refuses unknown
 * key ids ({@code key}), replays ({@code replayed_request}) and stale {@code ts}, decrypts the body, hands the JSON
 * to a {@link Handler} and encrypts the answer with the same transmission key.
 */
public final class FakeApiServer implements AutoCloseable {

    /** What a test server does with a decrypted request. */
    @FunctionalInterface
    public interface Handler {
        ObjectNode handle(String command, ObjectNode request);
    }

    /** Thrown by a handler to answer a plaintext JSON error. */
    public static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final transient ObjectNode body;

        public Refusal(int status, String code, String message) {
            super(code);
            this.status = status;
            this.body = MAPPER.createObjectNode().put("error", code).put("message", message);
        }

        public Refusal with(String key, Object value) {
            body.set(key, MAPPER.valueToTree(value));
            return this;
        }
    }

    /** One decrypted request as the server saw it. */
    public record Received(String command, int keyId, String transmissionKeyHeader, byte[] transmissionKey,
            Map<String, List<String>> headers, ObjectNode body) {
    }

    public static final ObjectMapper MAPPER = Json.newMapper();

    private final HttpsServer server;
    private final Map<Integer, KeyPair> keys = new TreeMap<>();
    private final Set<String> seenTransmissionKeys = new HashSet<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger keyFetches = new AtomicInteger();
    private final AtomicInteger replaysRefused = new AtomicInteger();
    private final String tlsFingerprint;
    private volatile Handler handler;
    private volatile int currentKeyId = 1;
    private volatile long clockSkewMillis;

    private FakeApiServer(TestCertificates.Issued certificate, Handler handler) throws Exception {
        this.handler = handler;
        this.tlsFingerprint = certificate.fingerprint();
        keys.put(1, EcKeys.generateKeyPair());
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        server.createContext("/.well-known/castellan/server-keys", this::serverKeys);
        server.createContext("/api/v1/", this::api);
        server.start();
    }

    /** Starts a server with a fresh self-signed certificate. */
    public static FakeApiServer start(Handler handler) throws Exception {
        return start(TestCertificates.selfSigned("castellan-test"), handler);
    }

    /** Starts a server presenting {@code certificate}. */
    public static FakeApiServer start(TestCertificates.Issued certificate, Handler handler) throws Exception {
        return new FakeApiServer(certificate, handler);
    }

    public URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    public void handler(Handler handler) {
        this.handler = handler;
    }

    public List<Received> received() {
        return received;
    }

    public int keyFetches() {
        return keyFetches.get();
    }

    public int replaysRefused() {
        return replaysRefused.get();
    }

    /** Replaces the current key with a new id; requests sealed to the old one get the {@code key} error. */
    public synchronized void rotateKey() {
        keys.remove(currentKeyId);
        currentKeyId++;
        keys.put(currentKeyId, EcKeys.generateKeyPair());
    }

    public void clockSkewMillis(long skew) {
        this.clockSkewMillis = skew;
    }

    private synchronized void serverKeys(HttpExchange exchange) throws IOException {
        keyFetches.incrementAndGet();
        ObjectNode body = MAPPER.createObjectNode();
        keys.forEach((id, pair) -> body.withArray("keys").addObject().put("keyId", id)
                .put("publicKey", Base64s.encodeWebSafe(EcKeys.rawPublicKey((ECPublicKey) pair.getPublic())))
                .put("algorithm", "P-256"));
        body.put("tlsFingerprintSha256", tlsFingerprint);
        respond(exchange, 200, MAPPER.writeValueAsBytes(body));
    }

    private void api(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] encrypted = in.readAllBytes();
            String command = exchange.getRequestURI().getPath().substring("/api/v1/".length());
            KeyPair pair;
            int keyId;
            synchronized (this) {
                keyId = Integer.parseInt(exchange.getRequestHeaders().getFirst("PublicKeyId"));
                pair = keys.get(keyId);
                if (pair == null) {
                    refuse(exchange, new Refusal(400, "key", "unknown server key").with("key_id", currentKeyId));
                    return;
                }
            }
            String header = exchange.getRequestHeaders().getFirst("TransmissionKey");
            byte[] tk = Ecies.open((ECPrivateKey) pair.getPrivate(), Base64s.decode(header));
            synchronized (this) {
                if (!seenTransmissionKeys.add(header)) {
                    replaysRefused.incrementAndGet();
                    refuse(exchange, new Refusal(400, "replayed_request", "replayed"));
                    return;
                }
            }
            JsonNode json = MAPPER.readTree(Aes256Gcm.decrypt(tk, encrypted));
            ObjectNode body = (ObjectNode) json;
            received.add(new Received(command, keyId, header, tk, Map.copyOf(exchange.getRequestHeaders()), body));
            long ts = body.path("ts").asLong(0);
            if (Math.abs(System.currentTimeMillis() + clockSkewMillis - ts) > 5 * 60_000) {
                refuse(exchange, new Refusal(400, "stale_request", "the request is too old"));
                return;
            }
            try {
                ObjectNode answer = handler.handle(command, body);
                respond(exchange, 200, Aes256Gcm.encrypt(tk, MAPPER.writeValueAsBytes(answer)));
            } catch (Refusal r) {
                refuse(exchange, r);
            }
        } catch (RuntimeException e) {
            respond(exchange, 500, ("{\"error\":\"internal\",\"message\":\"fake server: " + e.getClass()
                    .getSimpleName() + "\"}").getBytes());
        }
    }

    private static void refuse(HttpExchange exchange, Refusal refusal) throws IOException {
        respond(exchange, refusal.status, MAPPER.writeValueAsBytes(refusal.body));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
