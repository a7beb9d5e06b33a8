package io.castellan.rotators.postgres;

import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import java.sql.SQLException;

/**
 * Maps driver failures by SQLSTATE to a {@link FailureKind}. The driver's own message is dropped: it can quote the
 * statement (which holds the verifier) or server text; only the SQLSTATE is kept.
 */
final class PostgresErrors {

    private PostgresErrors() {
    }

    static RotationException classify(SQLException e, RotationTarget target, String step) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        FailureKind kind;
        String why;
        if (state.startsWith("08")) {
            boolean tls = containsTlsHint(e);
            kind = tls ? FailureKind.TLS_FAILED : FailureKind.UNREACHABLE;
            why = tls ? "the TLS connection could not be verified" : "the server is unreachable";
        } else if (state.equals("28P01") || state.equals("28000")) {
            kind = FailureKind.AUTH_FAILED;
            why = "the login was rejected";
        } else if (state.equals("42501") || state.startsWith("42") || state.equals("0LP01")) {
            kind = FailureKind.REFUSED_BY_POLICY;
            why = "the server refused (insufficient privilege or not allowed)";
        } else if (state.equals("3D000")) {
            kind = FailureKind.INVALID_INPUT;
            why = "the database does not exist";
        } else {
            kind = FailureKind.UNEXPECTED;
            why = "the server answered with an unexpected error";
        }
        return new RotationException(kind, "postgresql: " + step + " at " + target.address() + " failed: " + why
                + " (SQLSTATE " + (state.isEmpty() ? "none" : state) + ")");
    }

    private static boolean containsTlsHint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }
}
