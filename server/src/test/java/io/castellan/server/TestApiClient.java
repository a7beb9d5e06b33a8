package io.castellan.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.Ecies;
import io.castellan.server.keys.TransmissionKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client half of the user-API envelope (docs/api.md), for tests: seals a fresh transmission key to the server's
 * current key, encrypts the JSON request (with {@code ts} from the test clock unless the request has one), sends it
 * over HTTPS and decrypts a 200 answer. Requests can be sealed and sent separately (to replay them byte for byte) and
 * headers and bodies can be tampered with.
 */
public final class TestApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final TransmissionKey serverKey;
    private final Clock clock;

    /** One sealed request, ready to send (and to send again). */
    public record Sealed(String command, Map<String, String> headers, byte[] body, byte[] transmissionKey) {
    }

    /** A reply: the decrypted JSON for 200, the plaintext error JSON otherwise. */
    public record Reply(int status, ObjectNode json) {
        public String error() {
            return json.path("error").asText(null);
        }

        public boolean ok() {
            return status == 200;
        }

        @Override
        public String toString() {
            return status + " " + json;
        }
    }

    public TestApiClient(HttpClient http, String base, TransmissionKey serverKey, Clock clock) {
        this.http = http;
        this.base = base;
        this.serverKey = serverKey;
        this.clock = clock;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public Sealed seal(String command, ObjectNode request) {
        ObjectNode body = request.deepCopy();
        if (!body.has("ts")) {
            body.put("ts", clock.millis());
        }
        byte[] tk = CastellanRandom.bytes(32);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("PublicKeyId", Integer.toString(serverKey.keyId()));
        headers.put("TransmissionKey", Base64s.encode(Ecies.seal(serverKey.publicKeyRaw(), tk)));
        headers.put("Content-Type", "application/octet-stream");
        try {
            return new Sealed(command, headers, Aes256Gcm.encrypt(tk, JSON.writeValueAsBytes(body)), tk);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Reply send(Sealed sealed) {
        HttpResponse<byte[]> response = post(sealed.command(), sealed.headers(), sealed.body());
        try {
            if (response.statusCode() == 200) {
                byte[] plain = Aes256Gcm.decrypt(sealed.transmissionKey(), response.body());
                return new Reply(200, (ObjectNode) JSON.readTree(plain));
            }
            JsonNode error = JSON.readTree(response.body());
            return new Reply(response.statusCode(), error instanceof ObjectNode o ? o : object());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Reply call(String command, ObjectNode request) {
        return send(seal(command, request));
    }

    /** Calls with {@code session} set. */
    public Reply call(String command, String session, ObjectNode request) {
        return call(command, session == null ? request : request.deepCopy().put("session", session));
    }

    /** A call that must succeed; returns the decrypted answer. */
    public ObjectNode ok(String command, ObjectNode request) {
        Reply reply = call(command, request);
        if (!reply.ok()) {
            throw new AssertionError(command + " failed: " + reply);
        }
        return reply.json();
    }

    public ObjectNode ok(String command, String session, ObjectNode request) {
        return ok(command, request.deepCopy().put("session", session));
    }

    /** Sends arbitrary headers and body. */
    public HttpResponse<byte[]> post(String command, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/" + command))
                .timeout(Duration.ofSeconds(20))
                // As real clients do for large bodies: wait for "100 Continue" so that a server refusing the
                // size answers 413 before the bytes are sent, instead of closing a half-written connection.
                .expectContinue(body.length > 64 * 1024)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The plaintext JSON of a non-200 answer from {@link #post}. */
    public static ObjectNode errorJson(HttpResponse<byte[]> response) {
        try {
            return (ObjectNode) JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
