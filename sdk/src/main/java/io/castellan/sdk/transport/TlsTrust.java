package io.castellan.sdk.transport;

import io.castellan.crypto.CastellanRandom;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the SDK decides to trust the server's TLS certificate, on the API, the key directory and file transfers alike:
 * <ul>
 *   <li>{@link #system()} (default): the JVM's trust store and host-name check, for a server with a public CA's
 *       certificate;</li>
 *   <li>{@link #pinned(String)}: exactly the certificate with this SHA-256 fingerprint, for a self-hosted server's
 *       self-signed certificate (the operator reads it from {@code castellan server} or the server-keys page);</li>
 *   <li>{@link #caFile(Path)}: normal validation (chain and host name) against the CA certificates of a PEM file, for
 *       an organisation's own CA.</li>
 * </ul>
 * There is deliberately no "trust everything" option.
 */
public final class TlsTrust {

    private final String pin;
    private final Path caFile;

    private TlsTrust(String pin, Path caFile) {
        this.pin = pin;
        this.caFile = caFile;
    }

    /** @return the JVM's default trust */
    public static TlsTrust system() {
        return new TlsTrust(null, null);
    }

    /** @param sha256Fingerprint the pinned fingerprint (any case, colons optional) */
    public static TlsTrust pinned(String sha256Fingerprint) {
        return new TlsTrust(CertificateFingerprints.normalize(sha256Fingerprint), null);
    }

    /** @param caFile a PEM file with the CA certificate(s) to trust */
    public static TlsTrust caFile(Path caFile) {
        return new TlsTrust(null, Objects.requireNonNull(caFile, "caFile"));
    }

    /** @return an SSL context implementing this trust */
    public SSLContext sslContext() {
        try {
            if (pin == null && caFile == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(), CastellanRandom.secureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "TLS is not available in this Java runtime");
        }
    }

    private TrustManager[] trustManagers() throws GeneralSecurityException {
        if (pin != null) {
            return new TrustManager[] {new PinningTrustManager(pin)};
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("empty key store", e);
        }
        int i = 0;
        for (X509Certificate ca : readCertificates(caFile)) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (c instanceof X509Certificate x509) {
                    out.add(x509);
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        } catch (IOException | GeneralSecurityException e) {
            // reported below
        }
        throw new CastellanException(ErrorCode.BAD_REQUEST,
                "cannot read a certificate from the CA file " + file + " (PEM expected)");
    }

    @Override
    public String toString() {
        return pin != null ? "TlsTrust[pinned " + pin + "]" : caFile != null ? "TlsTrust[CA file " + caFile + "]"
                : "TlsTrust[system]";
    }
}
