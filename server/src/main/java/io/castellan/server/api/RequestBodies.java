package io.castellan.server.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.json.JsonFailures;
import io.castellan.model.json.JsonLimits;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Parses a decrypted request with the product's strict JSON mapper (duplicate keys, trailing content and oversized
 * or too deeply nested documents are refused) and checks its {@code ts} against the server clock.
 */
final class RequestBodies {

    /** How far {@code ts} may be from the server clock, either way. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final int MAX_DEPTH = 64;

    private final ObjectMapper mapper;
    private final Clock clock;

    /** @param maxBytes the largest plaintext accepted (the largest body limit of any command) */
    RequestBodies(long maxBytes, Clock clock) {
        this.mapper = Json.newMapper(new JsonLimits((int) Math.min(Integer.MAX_VALUE, Math.max(2, maxBytes)),
                MAX_DEPTH));
        this.clock = clock;
    }

    /** The request object. */
    ObjectNode parse(byte[] plaintext) {
        JsonNode node;
        try {
            node = mapper.readTree(plaintext);
        } catch (JacksonException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the request is not valid JSON: "
                    + JsonFailures.describe(e));
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the request is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the request must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * @throws CastellanException {@code bad_request} without an integer {@code ts}; {@code stale_request} when it is
     *         more than {@link #MAX_SKEW} from the server clock
     */
    void checkFresh(ObjectNode request) {
        JsonNode ts = request.get("ts");
        if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong()) {
            throw ApiFailures.badField("ts", "the client time in epoch milliseconds is required");
        }
        long skew = Math.abs(clock.millis() - ts.longValue());
        if (skew > MAX_SKEW.toMillis() || skew < 0) {
            throw new CastellanException(ErrorCode.STALE_REQUEST, "the request time is more than "
                    + MAX_SKEW.toMinutes() + " minutes from the server clock; check the client's clock");
        }
    }

    /** The JSON bytes of a response (the caller wipes them). */
    byte[] write(ObjectNode response) {
        try {
            return mapper.writeValueAsBytes(response);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a response object", e);
        }
    }
}
