package io.castellan.server.device;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.KsmError;
import io.castellan.model.ksm.WireJson;
import io.castellan.store.StaleRevisionException;
import io.castellan.store.StoreException;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes device-API failures in Keeper's plain-JSON shapes (docs/errors.md, "Device API"): the general
 * {@code {"path","additional_info","location","error","message"}} with the code's device status;
 * {@code {"error":"key","key_id":N}} (400) for an unknown server key; {@code {"error":"throttled","message",
 * "retry_after":s}} (403) for throttling. Unexpected failures are logged with an incident id and answered
 * {@code 500 internal} without detail.
 */
final class DeviceErrors {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceErrors.class);
    private static final WireJson WIRE = WireJson.create();

    private DeviceErrors() {
    }

    /** Writes {@code failure} as the answer to a request for {@code path}. */
    static void write(Context ctx, String path, RuntimeException failure) {
        CastellanException e = translate(failure, path);
        KsmError body;
        int status;
        if (e.code() == ErrorCode.TRANSMISSION_KEY_REJECTED) {
            body = KsmError.key(Integer.parseInt(e.detail("key_id").orElse("1")));
            status = ErrorCode.TRANSMISSION_KEY_REJECTED.ksmHttpStatus();
        } else if (e.code() == ErrorCode.THROTTLED) {
            body = KsmError.throttled(Long.parseLong(e.detail(CastellanException.DETAIL_RETRY_AFTER).orElse("1")));
            status = ErrorCode.THROTTLED.ksmHttpStatus();
        } else {
            body = KsmError.from(e, path);
            status = e.code().ksmHttpStatus();
        }
        ctx.status(status).contentType("application/json;charset=utf-8").result(WIRE.write(body));
    }

    static CastellanException translate(RuntimeException failure, String path) {
        if (failure instanceof CastellanException e) {
            return e;
        }
        if (failure instanceof StaleRevisionException e) {
            return new CastellanException(ErrorCode.CONFLICT, "the record changed meanwhile; read it again and retry",
                    Map.of(CastellanException.DETAIL_REVISION, Long.toString(e.actualRevision())), null);
        }
        if (failure instanceof StoreException e) {
            Optional<CastellanException> known = switch (e.reason()) {
                case DUPLICATE -> Optional.of(new CastellanException(ErrorCode.CONFLICT, "the object already exists"));
                case CONFLICT -> Optional.of(new CastellanException(ErrorCode.CONFLICT,
                        "the object changed meanwhile; retry"));
                case NOT_FOUND -> Optional.of(new CastellanException(ErrorCode.NOT_FOUND, "no such object"));
                default -> Optional.empty();
            };
            if (known.isPresent()) {
                return known.get();
            }
        }
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("device API {} failed (incident {})", path, incident, failure);
        return new CastellanException(ErrorCode.INTERNAL, "internal server error (incident " + incident + ")");
    }
}
