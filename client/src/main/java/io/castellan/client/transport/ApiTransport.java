package io.castellan.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.json.JsonFailures;
import io.castellan.model.json.JsonLimits;
import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The user API envelope of {@code docs/api.md} over {@link HttpClient}.
 *
 * <p>Per call: 32 fresh random bytes {@code tk}; header {@code PublicKeyId} (the server key used) and
 * {@code TransmissionKey} = standard base64 of {@code ECIES(serverPublicKey, tk)}; body
 * {@code AES-256-GCM(tk, UTF-8 JSON)} with {@code "ts"} (epoch ms) added. A 200 answer is decrypted with the same
 * {@code tk}; anything else is a plaintext JSON error turned into a {@link CastellanException} by {@link ApiErrors}.
 * {@code tk} and the plaintext request bytes are wiped after each call, and a retry always uses a new {@code tk}
 * (the server refuses a transmission key it has seen: the client never replays).
 *
 * <p>Server keys are fetched from {@value #SERVER_KEYS_PATH} on first use. When the server answers {@code key}
 * (the key id is unknown, e.g. after a key rotation) the keys are fetched again and the call retried once.
 * Callers put {@code "session"} into the request themselves; it travels only inside the encrypted body.
 */
public final class ApiTransport {

    /** Where the server publishes its transmission keys. */
    public static final String SERVER_KEYS_PATH = "/.well-known/castellan/server-keys";
    /** Prefix of every API command. */
    public static final String API_PREFIX = "/api/v1/";
    /** Length of a transmission key. */
    public static final int TRANSMISSION_KEY_LENGTH = 32;
    private static final int EXPECT_CONTINUE_ABOVE = 64 * 1024;

    private static final Pattern COMMAND = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /**
     * Answers can be large (a full {@code sync_down} of 100,000 records is about 85 MB; an attachment download is its
     * size plus a third): bound them generously rather than at the 1 MiB default for requests.
     */
    static final int MAX_ANSWER_BYTES = 256 * 1024 * 1024;
    private static final ObjectMapper MAPPER = Json.newMapper(new JsonLimits(MAX_ANSWER_BYTES, 64));

    private final URI server;
    private final TlsTrust trust;
    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;
    private ServerKeys keys;
    private ServerKey current;

    /**
     * @param server the server URL (see {@link ServerUrl})
     * @param trust how to trust its certificate
     * @param clock the source of {@code ts}
     * @param timeout per-request timeout (also the connect timeout)
     */
    public ApiTransport(URI server, TlsTrust trust, Clock clock, Duration timeout) {
        this.server = server;
        this.trust = trust;
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .sslContext(trust.sslContext())
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @return a transport with the system clock and a 60-second timeout */
    public static ApiTransport connect(URI server, TlsTrust trust) {
        return new ApiTransport(server, trust, Clock.systemUTC(), Duration.ofSeconds(60));
    }

    /** @return the server URL */
    public URI server() {
        return server;
    }

    /** @return the TLS trust in use (its observed fingerprint is what trust on first use pins) */
    public TlsTrust trust() {
        return trust;
    }

    /** @return the server's published keys, fetched on first use */
    public synchronized ServerKeys serverKeys() {
        if (keys == null) {
            refreshKeys(Optional.empty());
        }
        return keys;
    }

    /**
     * Sends one command.
     *
     * @param command the command name, e.g. {@code record_get}
     * @param request the request JSON (not modified; {@code ts} is added to a copy)
     * @return the decrypted response object
     * @throws CastellanException with the server's code, or {@link ErrorCode#UNAVAILABLE} /
     *     {@link ErrorCode#TIMEOUT} when it cannot be reached, {@link ErrorCode#UNAUTHENTICATED} when its TLS
     *     certificate is not the trusted one
     */
    public ObjectNode call(String command, ObjectNode request) {
        if (command == null || !COMMAND.matcher(command).matches()) {
            throw new IllegalArgumentException("not an API command name");
        }
        ServerKey key = currentKey();
        try {
            return send(command, request, key);
        } catch (CastellanException e) {
            if (e.code() != ErrorCode.TRANSMISSION_KEY_REJECTED) {
                throw e;
            }
            return send(command, request, refreshKeys(e.detail("key_id")));
        }
    }

    private synchronized ServerKey currentKey() {
        if (current == null) {
            refreshKeys(Optional.empty());
        }
        return current;
    }

    private synchronized ServerKey refreshKeys(Optional<String> keyIdHint) {
        HttpRequest get = HttpRequest.newBuilder(resolve(SERVER_KEYS_PATH)).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response = exchange(get);
        if (response.statusCode() != 200) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, "the server at " + server
                    + " did not publish its keys (HTTP " + response.statusCode() + ")");
        }
        try {
            keys = ServerKeys.parse(MAPPER.readTree(response.body()));
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, "the server's key list is not JSON");
        }
        current = keyIdHint.flatMap(ApiTransport::parseInt).flatMap(keys::byId).orElseGet(keys::newest);
        return current;
    }

    private ObjectNode send(String command, ObjectNode request, ServerKey key) {
        ObjectNode body = request.deepCopy();
        body.put("ts", clock.millis());
        byte[] json = null;
        byte[] plain = null;
        try (SecretBytes tk = SecretBytes.random(TRANSMISSION_KEY_LENGTH)) {
            json = MAPPER.writeValueAsBytes(body);
            byte[] sealedBody = Aes256Gcm.encrypt(tk.bytes(), json);
            HttpRequest post = HttpRequest.newBuilder(resolve(API_PREFIX + command)).timeout(timeout)
                    // Large bodies (attachments) wait for "100 Continue": a server refusing the size answers 413
                    // before the bytes go out, rather than resetting a half-sent request.
                    .expectContinue(sealedBody.length > EXPECT_CONTINUE_ABOVE)
                    .header("PublicKeyId", Integer.toString(key.keyId()))
                    .header("TransmissionKey", Base64s.encode(Ecies.seal(key.publicKey(), tk.bytes())))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(sealedBody))
                    .build();
            HttpResponse<byte[]> response = exchange(post);
            if (response.statusCode() != 200) {
                throw ApiErrors.fromResponse(response.statusCode(), response.body());
            }
            plain = Aes256Gcm.decrypt(tk.bytes(), response.body());
            JsonNode answer = MAPPER.readTree(plain);
            if (answer == null || !answer.isObject()) {
                throw new CastellanException(ErrorCode.INTERNAL, "the server's answer to " + command
                        + " is not a JSON object");
            }
            return (ObjectNode) answer;
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "the server's answer to " + command
                    + " does not decrypt with this request's transmission key");
        } catch (JacksonException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "the server's answer to " + command + " cannot be read: "
                    + JsonFailures.describe(e));
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "the server's answer to " + command + " is not JSON");
        } finally {
            Wipe.wipeAll(json, plain);
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw TransportFailures.describe(e, server, trust);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CastellanException(ErrorCode.UNAVAILABLE, "interrupted while talking to " + server);
        }
    }

    private URI resolve(String path) {
        return URI.create(server + path);
    }

    private static Optional<Integer> parseInt(String text) {
        try {
            return Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
