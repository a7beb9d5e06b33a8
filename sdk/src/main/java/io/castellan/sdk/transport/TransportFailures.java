package io.castellan.sdk.transport;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Turns network failures into {@link CastellanException}s a user can act on. Messages name the server and the kind
 * of failure (refused, timed out, certificate not trusted or not the pinned one) and nothing of the request.
 */
final class TransportFailures {

    private TransportFailures() {
    }

    static CastellanException of(IOException e, ServerUrls server) {
        PinMismatchException pin = find(e, PinMismatchException.class);
        if (pin != null) {
            return new CastellanException(ErrorCode.UNAVAILABLE, "refusing " + server + ": " + pin.getMessage());
        }
        if (e instanceof HttpTimeoutException) {
            return new CastellanException(ErrorCode.TIMEOUT, server + " did not answer in time");
        }
        if (find(e, CertificateException.class) != null || find(e, SSLException.class) != null) {
            return new CastellanException(ErrorCode.UNAVAILABLE, "the TLS certificate of " + server
                    + " is not trusted (pin its SHA-256 fingerprint or give its CA file)");
        }
        if (find(e, ConnectException.class) != null) {
            return new CastellanException(ErrorCode.UNAVAILABLE, "cannot connect to " + server);
        }
        return new CastellanException(ErrorCode.UNAVAILABLE, "the connection to " + server + " failed ("
                + e.getClass().getSimpleName() + ")");
    }

    static CastellanException interrupted(ServerUrls server) {
        Thread.currentThread().interrupt();
        return new CastellanException(ErrorCode.UNAVAILABLE, "interrupted while talking to " + server);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
