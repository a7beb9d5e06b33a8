package io.castellan.model.ksm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.json.JsonFailures;
import io.castellan.model.json.JsonLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * JSON for the Keeper-compatible device API: the product's strict mapper with one relaxation.
 *
 * <p><b>Incoming</b> payloads tolerate unknown properties, because each SDK release adds some
 * ({@code requestLinks}, {@code links2Remove}, {@code ownerRecordRevision}...), but still reject
 * wrong types ({@code "revision":"12"}) and duplicate keys, with a {@link CastellanException}
 * ({@link ErrorCode#BAD_REQUEST}) whose message names the path and the expected type, never the
 * value. <b>Outgoing</b> responses write {@code null} members explicitly (their classes say
 * {@code @JsonInclude(ALWAYS)}), since Keeper's Java SDK 17.0 requires the keys. Requests built by
 * Castellan's own SDK omit {@code null} optionals, as Keeper's SDKs do.
 *
 * <p>Base64 encoding of the string members is the caller's job; each message class documents
 * whether a member is standard or web-safe base64 (ksm-protocol.md §1.6). Instances are
 * immutable and thread-safe.
 */
public final class WireJson {

    /** 4 MiB and 32 levels: payloads carry ciphertext of at most one record plus metadata. */
    public static final JsonLimits DEFAULT_LIMITS = new JsonLimits(4 << 20, 32);

    private final JsonLimits limits;
    private final JsonMapper mapper;

    private WireJson(JsonLimits limits) {
        this.limits = limits;
        this.mapper = Json.strictBuilder(limits)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** @return an instance with {@link #DEFAULT_LIMITS} */
    public static WireJson create() {
        return new WireJson(DEFAULT_LIMITS);
    }

    /**
     * @param limits bounds for incoming documents
     * @return an instance
     */
    public static WireJson create(JsonLimits limits) {
        return new WireJson(Objects.requireNonNull(limits, "limits"));
    }

    /** @return the configured mapper; do not reconfigure it */
    public JsonMapper mapper() {
        return mapper;
    }

    /**
     * Reads and checks a request payload: the JSON must fit the endpoint's type and carry a
     * non-blank {@code clientVersion} and {@code clientId}.
     *
     * @param endpoint the endpoint the payload was posted to
     * @param json the decrypted payload
     * @return the request
     * @throws CastellanException {@link ErrorCode#BAD_REQUEST} or {@link ErrorCode#PAYLOAD_TOO_LARGE}
     */
    public KsmRequest readRequest(KsmEndpoint endpoint, byte[] json) {
        KsmRequest request = read(json, endpoint.requestType(), endpoint.path() + " payload");
        if (request.clientVersion() == null || request.clientVersion().isBlank()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, endpoint.path() + " payload: clientVersion is missing");
        }
        if (request.clientId() == null || request.clientId().isBlank()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, endpoint.path() + " payload: clientId is missing");
        }
        return request;
    }

    /**
     * @param json a JSON document (a response, on the SDK side)
     * @param type the message type
     * @param what what the document is, for messages, e.g. {@code "get_secret response"}
     * @param <T> the message type
     * @return the message
     * @throws CastellanException {@link ErrorCode#BAD_REQUEST} or {@link ErrorCode#PAYLOAD_TOO_LARGE}
     */
    public <T> T read(byte[] json, Class<T> type, String what) {
        Objects.requireNonNull(json, "json");
        if (json.length > limits.maxBytes()) {
            throw new CastellanException(ErrorCode.PAYLOAD_TOO_LARGE,
                    what + " is " + json.length + " bytes, more than the limit of " + limits.maxBytes());
        }
        T value;
        try {
            value = mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, what + ": " + JsonFailures.describe(e));
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, what + ": cannot be read");
        }
        if (value == null) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, what + ": JSON is null");
        }
        return value;
    }

    /**
     * @param message a request, response or error body
     * @return its compact UTF-8 JSON
     */
    public byte[] write(Object message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("wire message could not be written", e);
        }
    }
}
