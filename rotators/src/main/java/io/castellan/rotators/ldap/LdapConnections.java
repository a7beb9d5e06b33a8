package io.castellan.rotators.ldap;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.TargetOptions;
import java.io.File;
import java.security.GeneralSecurityException;
import javax.net.ssl.TrustManager;

/**
 * Opens LDAP connections that are always TLS-protected and verified: LDAPS, or plain LDAP upgraded with StartTLS
 * before any bind. The certificate must chain to the record's CA file (or the JVM's trust store) and name the host
 * (checked by the JDK during the handshake, see {@link EndpointCheckingSocketFactory}; UnboundID's verifier stays on too).
 */
final class LdapConnections {

    private LdapConnections() {
    }

    static LDAPConnection open(RotationTarget target) throws RotationException {
        String mode = target.option(TargetOptions.LDAP_TLS).orElse("ldaps").trim().toLowerCase(java.util.Locale.ROOT);
        if (!mode.equals("ldaps") && !mode.equals("starttls")) {
            throw new RotationException(FailureKind.INVALID_INPUT, "ldap: TLS mode must be 'ldaps' or 'starttls' (plain LDAP would "
                    + "send passwords in the clear)");
        }
        SSLUtil ssl = new SSLUtil(trustManager(target));
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, target.connectTimeout().toMillis()));
        options.setResponseTimeoutMillis(Math.max(30_000, target.connectTimeout().toMillis() * 3));
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        options.setUseSynchronousMode(true);
        LDAPConnection c = null;
        try {
            if (mode.equals("ldaps")) {
                c = new LDAPConnection(new EndpointCheckingSocketFactory(ssl.createSSLContext().getSocketFactory()), options, target.host(), target.port());
            } else {
                c = new LDAPConnection(options, target.host(), target.port());
                ExtendedResult r = c.processExtendedOperation(
                        new StartTLSExtendedRequest(new EndpointCheckingSocketFactory(ssl.createSSLContext().getSocketFactory())));
                if (r.getResultCode() != ResultCode.SUCCESS) {
                    c.close();
                    throw new RotationException(FailureKind.TLS_FAILED, "ldap: " + target.address() + " refused StartTLS");
                }
            }
            return c;
        } catch (GeneralSecurityException e) {
            throw new RotationException(FailureKind.TLS_FAILED, "ldap: could not set up TLS for " + target.address());
        } catch (LDAPException e) {
            if (c != null) {
                c.close();
            }
            throw LdapErrors.classify(e, target, "connecting over " + mode);
        }
    }

    private static TrustManager trustManager(RotationTarget target) throws RotationException {
        var ca = target.option(TargetOptions.TLS_CA_FILE);
        if (ca.isEmpty()) {
            return JVMDefaultTrustManager.getInstance();
        }
        try {
            return new PEMFileTrustManager(new File(ca.get()));
        } catch (java.security.KeyStoreException e) {
            throw new RotationException(FailureKind.INVALID_INPUT, "ldap: the CA file " + ca.get() + " is not a readable PEM certificate file");
        }
    }
}
