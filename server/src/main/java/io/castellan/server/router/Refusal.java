package io.castellan.server.router;

import io.castellan.model.error.ErrorCode;
import io.castellan.model.gateway.Refused;

/**
 * Why a gateway's connection is refused; becomes a {@link Refused} frame before the socket closes.
 *
 * @param reason  a short audit/log tag ({@code signature}, {@code ip_locked}, ...)
 * @param retry   whether reconnecting later can succeed
 */
final class Refusal extends RuntimeException {

    private final ErrorCode code;
    private final String reason;
    private final boolean retry;

    Refusal(ErrorCode code, String reason, String message, boolean retry) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.retry = retry;
    }

    String reason() {
        return reason;
    }

    Refused frame() {
        return new Refused(code.code(), getMessage(), retry);
    }
}
