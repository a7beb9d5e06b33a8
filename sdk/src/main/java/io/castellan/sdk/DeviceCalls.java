package io.castellan.sdk;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.JsonLimits;
import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.model.ksm.KsmRequest;
import io.castellan.model.ksm.WireJson;
import io.castellan.sdk.transport.DeviceTransport;

/**
 * Typed device-API calls: writes a request payload with the model's wire classes, posts it through the
 * {@link DeviceTransport} and reads the answer. A malformed answer is the server's fault, so it is reported as
 * {@link ErrorCode#INTERNAL} (not as the model's {@code BAD_REQUEST}), naming the endpoint and the JSON path.
 */
final class DeviceCalls {

    /** 64 MiB: a {@code get_secret} answer carries every record of the application. */
    static final JsonLimits RESPONSE_LIMITS = new JsonLimits(64 << 20, 32);

    private final DeviceTransport transport;
    private final DeviceState state;
    private final String clientVersion;
    private final WireJson wire = WireJson.create(RESPONSE_LIMITS);

    DeviceCalls(DeviceTransport transport, DeviceState state, String clientVersion) {
        this.transport = transport;
        this.state = state;
        this.clientVersion = clientVersion;
    }

    DeviceState state() {
        return state;
    }

    DeviceTransport transport() {
        return transport;
    }

    String clientVersion() {
        return clientVersion;
    }

    String clientId() {
        return state.clientId();
    }

    /** Posts a call whose answer is a JSON document. */
    <T> T call(KsmEndpoint endpoint, KsmRequest request, Class<T> answerType) {
        byte[] answer = transport.post(endpoint.path(), wire.write(request));
        if (answer.length == 0) {
            throw new CastellanException(ErrorCode.INTERNAL, "the " + endpoint.path() + " answer is empty");
        }
        try {
            return wire.read(answer, answerType, endpoint.path() + " answer");
        } catch (CastellanException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "malformed answer from the server: " + e.getMessage());
        }
    }

    /** Posts a call whose answer carries no data (an empty 200, or JSON that is ignored). */
    void send(KsmEndpoint endpoint, KsmRequest request) {
        transport.post(endpoint.path(), wire.write(request));
    }
}
