package io.castellan.client.transport;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.transport.PinMismatchException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * Explains an I/O failure of a call in one safe line: a changed pinned certificate (with both fingerprints and how to
 * re-pin), an untrusted certificate, an unreachable host or a timeout. JDK messages are not passed through: they
 * can be long and are not written for users.
 */
final class TransportFailures {

    private TransportFailures() {
    }

    static CastellanException describe(IOException e, URI server, TlsTrust trust) {
        PinMismatchException mismatch = find(e, PinMismatchException.class);
        if (mismatch != null) {
            return new CastellanException(ErrorCode.UNAUTHENTICATED, "the TLS certificate of " + server
                    + " has changed: pinned SHA-256 fingerprint " + mismatch.pinnedFingerprint() + ", presented "
                    + mismatch.presentedFingerprint() + ". If the server's certificate was replaced on purpose, re-pin with"
                    + " 'castellan login EMAIL --server " + server + " --repin' or remove the pin"
                    + " (tlsFingerprintSha256) from the config file; otherwise someone may be intercepting the"
                    + " connection");
        }
        if (find(e, HttpConnectTimeoutException.class) != null || find(e, HttpTimeoutException.class) != null) {
            return new CastellanException(ErrorCode.TIMEOUT, "no answer from " + server + " in time");
        }
        if (find(e, SSLException.class) != null) {
            return new CastellanException(ErrorCode.UNAUTHENTICATED, trust.isPinning()
                    ? "the TLS handshake with " + server + " failed"
                    : "the TLS certificate of " + server + " is not trusted by the CA file, or its name does not"
                            + " match the host");
        }
        if (find(e, UnknownHostException.class) != null) {
            return new CastellanException(ErrorCode.UNAVAILABLE, "unknown host in server URL " + server);
        }
        if (find(e, ConnectException.class) != null) {
            return new CastellanException(ErrorCode.UNAVAILABLE, "cannot connect to " + server);
        }
        // the class of the innermost cause (never its message) tells a reset from a closed stream when debugging
        return new CastellanException(ErrorCode.UNAVAILABLE, "the connection to " + server + " failed ("
                + innermost(e).getClass().getSimpleName() + ")");
    }

    private static Throwable innermost(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t.getCause() != null && t.getCause() != t && depth < 16; depth++) {
            t = t.getCause();
        }
        return t;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            for (Throwable s : t.getSuppressed()) {
                if (type.isInstance(s)) {
                    return type.cast(s);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
