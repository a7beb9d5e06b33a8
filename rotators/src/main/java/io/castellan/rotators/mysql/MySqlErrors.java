package io.castellan.rotators.mysql;

import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import java.sql.SQLException;

/** Maps MariaDB/MySQL error numbers to a {@link FailureKind}; the driver's message (which may quote SQL) is dropped. */
final class MySqlErrors {

    private MySqlErrors() {
    }

    static RotationException classify(SQLException e, RotationTarget target, String step) {
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        FailureKind kind;
        String why;
        if (code == 1045 || code == 1698) {
            kind = FailureKind.AUTH_FAILED;
            why = "the login was rejected";
        } else if (code == 1044 || code == 1142 || code == 1227 || code == 1396 || code == 1819 || code == 1862) {
            kind = FailureKind.REFUSED_BY_POLICY;
            why = "the server refused (privilege or password policy)";
        } else if (state.startsWith("08") || code == 0 && hasCause(e, java.net.ConnectException.class, java.net.SocketTimeoutException.class,
                java.net.UnknownHostException.class)) {
            boolean tls = hasCause(e, javax.net.ssl.SSLException.class);
            kind = tls ? FailureKind.TLS_FAILED : FailureKind.UNREACHABLE;
            why = tls ? "the TLS connection could not be verified" : "the server is unreachable";
        } else {
            kind = FailureKind.UNEXPECTED;
            why = "the server answered with an unexpected error";
        }
        return new RotationException(kind, "mysql: " + step + " at " + target.address() + " failed: " + why
                + " (error " + code + ", SQLSTATE " + (state.isEmpty() ? "none" : state) + ")");
    }

    @SafeVarargs
    private static boolean hasCause(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
