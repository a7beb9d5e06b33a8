package io.castellan.client.transport;

import io.castellan.crypto.CastellanRandom;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.transport.CertificateFingerprints;
import io.castellan.sdk.transport.PinningTrustManager;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the client decides to trust the server's TLS certificate:
 * <ul>
 *   <li>{@link #pinned}: exactly the certificate with this SHA-256 fingerprint;</li>
 *   <li>{@link #trustOnFirstUse}: whatever certificate the first connection shows, which the caller then pins
 *       ({@link #observedFingerprint()});</li>
 *   <li>{@link #caFile}: normal PKIX validation against the CA certificate(s) of a PEM file, with the host-name
 *       check, for deployments behind a certificate from an organisation's CA.</li>
 * </ul>
 */
public final class TlsTrust {

    private final PinningTrustManager pinning;
    private final Path caFile;

    private TlsTrust(PinningTrustManager pinning, Path caFile) {
        this.pinning = pinning;
        this.caFile = caFile;
    }

    /** @param fingerprint the pinned SHA-256 fingerprint (any case, colons optional) */
    public static TlsTrust pinned(String fingerprint) {
        return new TlsTrust(new PinningTrustManager(CertificateFingerprints.normalize(fingerprint)), null);
    }

    /** @return trust that accepts and records the first certificate seen */
    public static TlsTrust trustOnFirstUse() {
        return new TlsTrust(new PinningTrustManager(null), null);
    }

    /** @param caFile a PEM file with the CA certificate(s) to trust */
    public static TlsTrust caFile(Path caFile) {
        return new TlsTrust(null, caFile);
    }

    /** @return whether this is pinning (or trust on first use) rather than CA validation */
    public boolean isPinning() {
        return pinning != null;
    }

    /** @return the fingerprint of the certificate the server presented, once a connection was made (pinning only) */
    public Optional<String> observedFingerprint() {
        return pinning == null ? Optional.empty() : Optional.ofNullable(pinning.observedFingerprint());
    }

    /** @return an SSL context implementing this trust */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(), CastellanRandom.secureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "TLS is not available in this Java runtime");
        }
    }

    private TrustManager[] trustManagers() throws GeneralSecurityException {
        if (pinning != null) {
            return new TrustManager[] {pinning};
        }
        List<X509Certificate> anchors = PemCertificates.read(caFile);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("empty key store", e);
        }
        for (int i = 0; i < anchors.size(); i++) {
            store.setCertificateEntry("ca-" + i, anchors.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return factory.getTrustManagers();
    }
}
