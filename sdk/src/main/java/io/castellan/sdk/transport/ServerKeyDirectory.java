package io.castellan.sdk.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.json.JsonLimits;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the server's published transmission keys from {@code GET https://HOST/.well-known/castellan/server-keys}:
 * {@code {"keys":[{"keyId":1,"publicKey":"<web-safe b64 raw point>","algorithm":"P-256"}],"tlsFingerprintSha256":…}}.
 * Only P-256 keys are taken; entries of other algorithms are skipped so a later server can add them. The answer is
 * only as trustworthy as the TLS connection it came over, which is why {@link TlsTrust} applies here too.
 */
public final class ServerKeyDirectory {

    private static final JsonMapper JSON = Json.newMapper(new JsonLimits(64 * 1024, 8));

    private final HttpClient http;
    private final ServerUrls server;
    private final Duration timeout;
    private static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    ServerKeyDirectory(HttpClient http, ServerUrls server, Duration timeout) {
        this.http = http;
        this.server = server;
        this.timeout = timeout;
    }

    /** @return the published keys, in the server's order */
    public List<ServerKey> fetch() {
        HttpRequest request = HttpRequest.newBuilder(server.serverKeys()).timeout(timeout).GET()
                .header("Accept", "application/json").build();
        HttpResponse<byte[]> response;
        byte[] body;
        try {
            response = http.send(request, HttpBodies.bounded(MAX_DOCUMENT_BYTES));
            body = response.body();
        } catch (IOException e) {
            if (HttpBodies.tooLarge(e)) {
                throw new CastellanException(ErrorCode.PAYLOAD_TOO_LARGE, "the server-keys document is larger than"
                        + " the limit of " + MAX_DOCUMENT_BYTES + " bytes");
            }
            throw TransportFailures.of(e, server);
        } catch (InterruptedException e) {
            throw TransportFailures.interrupted(server);
        }
        if (response.statusCode() != 200) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, server + ServerUrls.SERVER_KEYS_PATH
                    + " answered HTTP " + response.statusCode() + "; is this a Castellan server?");
        }
        return parse(body);
    }

    static List<ServerKey> parse(byte[] body) {
        JsonNode keys;
        try {
            keys = JSON.readTree(body).path("keys");
        } catch (IOException | RuntimeException e) {
            throw malformed();
        }
        if (!keys.isArray()) {
            throw malformed();
        }
        List<ServerKey> out = new ArrayList<>();
        for (JsonNode k : keys) {
            if ("P-256".equals(k.path("algorithm").asText("P-256")) && k.path("keyId").canConvertToInt()
                    && k.path("publicKey").isTextual()) {
                try {
                    out.add(ServerKey.of(k.path("keyId").intValue(), k.path("publicKey").textValue()));
                } catch (CastellanException e) {
                    throw malformed();
                }
            }
        }
        if (out.isEmpty()) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, "the server publishes no P-256 transmission key");
        }
        return out;
    }

    private static CastellanException malformed() {
        return new CastellanException(ErrorCode.UNAVAILABLE, "the server-keys document is malformed");
    }
}
