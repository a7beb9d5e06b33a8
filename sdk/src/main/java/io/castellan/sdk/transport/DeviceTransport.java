package io.castellan.sdk.transport;

import io.castellan.crypto.CryptoException;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device side of the Secrets Manager wire protocol (ksm-protocol.md §1): {@code POST
 * https://{hostname}/api/rest/sm/v1/{path}} with headers {@code PublicKeyId}, {@code TransmissionKey} and
 * {@code Authorization: Signature …}, an AES-GCM body, and a response decrypted with the same transmission key.
 *
 * <p>Errors: a {@code key} answer switches to the named server key and retries once; a {@code throttled} answer
 * waits and retries as {@link ThrottlePolicy} allows; anything else becomes a {@link CastellanException} (see
 * {@link DeviceError}). Logs name the endpoint and status only. Thread-safe; every call uses its own transmission
 * key.
 */
public final class DeviceTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceTransport.class);

    private final HttpClient http;
    private final ServerUrls server;
    private final ServerKeyRing keys;
    private final ECPrivateKey deviceKey;
    private final TransportSettings settings;

    /**
     * @param http a client made by {@link #httpClient(TransportSettings)}; closed with this transport
     * @param server the server
     * @param keys the server key to seal to
     * @param deviceKey the device's signing key
     * @param settings timeouts, limits and retry policy
     */
    public DeviceTransport(HttpClient http, ServerUrls server, ServerKeyRing keys, ECPrivateKey deviceKey,
                           TransportSettings settings) {
        this.http = Objects.requireNonNull(http, "http");
        this.server = Objects.requireNonNull(server, "server");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.deviceKey = Objects.requireNonNull(deviceKey, "deviceKey");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return an HTTP/1.1 client with the settings' TLS trust and connect timeout */
    public static HttpClient httpClient(TransportSettings settings) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(settings.tls().sslContext()).connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param http the client
     * @param server the server
     * @param settings timeouts
     * @return a reader of the server's key directory over the same client
     */
    public static ServerKeyDirectory directory(HttpClient http, ServerUrls server, TransportSettings settings) {
        return new ServerKeyDirectory(http, server, settings.requestTimeout());
    }

    /**
     * @param path the endpoint, e.g. {@code get_secret}
     * @param payload the request JSON
     * @return the decrypted response, empty when the server answered an empty 200
     */
    public byte[] post(String path, byte[] payload) {
        boolean keySwitched = false;
        int throttledRetries = 0;
        while (true) {
            try (RequestEnvelope envelope = RequestEnvelope.seal(keys.current(), payload, deviceKey)) {
                Exchange answer = send(path, envelope);
                LOG.debug("{} answered HTTP {}", path, answer.status());
                if (answer.status() == 200) {
                    return open(envelope, answer.body(), path);
                }
                DeviceError error = DeviceError.parse(answer.status(), answer.body());
                if (error.isKeyError() && !keySwitched) {
                    keySwitched = true;
                    keys.switchTo(error.keyId());
                } else if (error.isThrottled() && throttledRetries < settings.throttle().maxRetries()) {
                    throttledRetries++;
                    sleep(settings.throttle().waitFor(error.retryAfter()));
                } else {
                    throw error.toException(path);
                }
            }
        }
    }

    private Exchange send(String path, RequestEnvelope envelope) {
        HttpRequest request = HttpRequest.newBuilder(server.api(path)).timeout(settings.requestTimeout())
                .header("PublicKeyId", envelope.publicKeyIdHeader())
                .header("TransmissionKey", envelope.transmissionKeyHeader())
                .header("Authorization", envelope.authorizationHeader())
                .header("Content-Type", "application/octet-stream")
                .header("User-Agent", settings.userAgent())
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope.body())).build();
        return exchange(request, settings.maxResponseBytes(), path + " response");
    }

    private static byte[] open(RequestEnvelope envelope, byte[] body, String path) {
        try {
            return envelope.open(body);
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "the " + path + " response could not be decrypted");
        }
    }

    /**
     * Downloads a file's encrypted bytes with a plain GET (the URL comes from a {@code get_secret} answer).
     *
     * @param url an https URL
     * @return the body of a 200 answer
     */
    public byte[] download(URI url) {
        requireHttps(url);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.requestTimeout())
                .header("User-Agent", settings.userAgent()).GET().build();
        Exchange answer = exchange(request, settings.maxFileBytes(), "the file download");
        if (answer.status() != 200) {
            throw new CastellanException(answer.status() == 404 ? ErrorCode.NOT_FOUND : ErrorCode.UNAVAILABLE,
                    "the file download failed with HTTP " + answer.status());
        }
        return answer.body();
    }

    /**
     * Posts a {@code multipart/form-data} body to the upload URL an {@code add_file} answer named.
     *
     * @param url an https URL
     * @param contentType the content type with its boundary
     * @param body the encoded form
     * @return the HTTP status
     */
    public int upload(URI url, String contentType, byte[] body) {
        requireHttps(url);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.requestTimeout())
                .header("Content-Type", contentType).header("User-Agent", settings.userAgent())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return exchange(request, 64 * 1024, "the file upload answer").status();
    }

    private Exchange exchange(HttpRequest request, long maxBytes, String what) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpBodies.bounded(maxBytes));
            return new Exchange(response.statusCode(), response.body());
        } catch (IOException e) {
            if (HttpBodies.tooLarge(e)) {
                throw new CastellanException(ErrorCode.PAYLOAD_TOO_LARGE,
                        what + " is larger than the limit of " + maxBytes + " bytes");
            }
            throw TransportFailures.of(e, server);
        } catch (InterruptedException e) {
            throw TransportFailures.interrupted(server);
        }
    }

    private void sleep(Duration wait) {
        try {
            settings.throttle().sleeper().sleep(wait);
        } catch (InterruptedException e) {
            throw TransportFailures.interrupted(server);
        }
    }

    private static void requireHttps(URI url) {
        if (url == null || !"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "file URLs must be https URLs");
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private record Exchange(int status, byte[] body) {
    }
}
