package io.castellan.client.transport;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads the X.509 certificates of a PEM (or DER) file, for {@code --ca-file}. */
final class PemCertificates {

    private PemCertificates() {
    }

    /**
     * @param file a PEM file with one or more certificates
     * @return the certificates
     * @throws CastellanException ({@link ErrorCode#BAD_REQUEST}) when the file is missing or holds no certificate
     */
    static List<X509Certificate> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : all) {
                if (c instanceof X509Certificate x509) {
                    out.add(x509);
                }
            }
            if (out.isEmpty()) {
                throw new CertificateException("no certificate");
            }
            return out;
        } catch (IOException | CertificateException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "cannot read a certificate from the CA file " + file + " (PEM expected)");
        }
    }
}
