package io.castellan.rotators.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;

/** Maps LDAP result codes to a {@link FailureKind}; the server's diagnostic text is dropped (it may echo input). */
final class LdapErrors {

    private LdapErrors() {
    }

    static RotationException classify(LDAPException e, RotationTarget target, String step) {
        ResultCode rc = e.getResultCode();
        FailureKind kind;
        String why;
        if (rc == ResultCode.INVALID_CREDENTIALS || rc == ResultCode.INAPPROPRIATE_AUTHENTICATION) {
            kind = FailureKind.AUTH_FAILED;
            why = "the bind was rejected";
        } else if (rc == ResultCode.INSUFFICIENT_ACCESS_RIGHTS || rc == ResultCode.CONSTRAINT_VIOLATION
                || rc == ResultCode.UNWILLING_TO_PERFORM || rc == ResultCode.CONFIDENTIALITY_REQUIRED
                || rc == ResultCode.STRONG_AUTH_REQUIRED) {
            kind = FailureKind.REFUSED_BY_POLICY;
            why = "the directory refused (access rights or password policy)";
        } else if (rc == ResultCode.CONNECT_ERROR || rc == ResultCode.SERVER_DOWN || rc == ResultCode.TIMEOUT) {
            boolean tls = hasTlsCause(e);
            kind = tls ? FailureKind.TLS_FAILED : FailureKind.UNREACHABLE;
            why = tls ? "the TLS certificate could not be verified" : "the directory is unreachable";
        } else if (rc == ResultCode.NO_SUCH_OBJECT) {
            kind = FailureKind.INVALID_INPUT;
            why = "the entry does not exist";
        } else {
            kind = FailureKind.UNEXPECTED;
            why = "unexpected result";
        }
        return new RotationException(kind, "ldap: " + step + " at " + target.address() + " failed: " + why + " (result "
                + rc.intValue() + " " + rc.getName() + ")");
    }

    private static boolean hasTlsCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        String m = String.valueOf(e.getMessage());
        return m.contains("SSL") || m.contains("certificate") || m.contains("hostname") || m.contains("host name");
    }
}
