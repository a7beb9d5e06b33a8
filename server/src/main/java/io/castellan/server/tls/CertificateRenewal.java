package io.castellan.server.tls;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.files.Pem;
import io.castellan.server.files.SecureFiles;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Renews the generated certificate in {@code <dataDir>/tls} with the same key ({@code castellan server renew-cert}).
 * {@code server.crt} becomes the new certificate followed by the previous ones, so the server presents them all:
 * a client that pinned a previous certificate finds it in the chain with the same public key as the new leaf, whose
 * key the handshake proves the server holds, and keeps working (the pinning trust managers of the CLI and the SDK
 * accept exactly that). At most {@value #KEEP_PREVIOUS} previous certificates are kept.
 */
public final class CertificateRenewal {

    /** Previous certificates kept in the chain: pins older than this many renewals must be renewed by hand. */
    static final int KEEP_PREVIOUS = 4;

    /** Fingerprints before and after, and the new certificate's end of validity. */
    public record Result(String previousFingerprint, String fingerprint, java.time.Instant notAfter, int chainLength) {
    }

    private CertificateRenewal() {
    }

    public static Result renew(Path dataDir) {
        Path cert = dataDir.resolve("tls/server.crt");
        Path keyFile = dataDir.resolve("tls/server.key");
        if (!Files.exists(cert) || !Files.exists(keyFile)) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "no generated certificate in " + cert.getParent()
                    + " (a certificate given with --tls-cert is renewed by whoever issued it)");
        }
        List<X509Certificate> chain = PemMaterialReader.readCertificates(cert);
        PrivateKey key = PemMaterialReader.readPrivateKey(keyFile);
        X509Certificate leaf = chain.getFirst();
        for (X509Certificate c : chain) {
            if (!c.getPublicKey().equals(leaf.getPublicKey())
                    || !c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED, cert + " is not a chain of self-signed"
                        + " certificates of one key (an operator's certificate?); renew it with its issuer");
            }
        }
        X509Certificate renewed = RenewedCertificate.of(leaf, key);
        List<X509Certificate> next = new ArrayList<>();
        next.add(renewed);
        next.addAll(chain.subList(0, Math.min(chain.size(), KEEP_PREVIOUS)));
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        try {
            for (X509Certificate c : next) {
                pem.writeBytes(Pem.encode("CERTIFICATE", c.getEncoded()));
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the renewed certificate", e);
        }
        SecureFiles.writePublic(cert, pem.toByteArray());
        return new Result(Fingerprints.sha256(leaf), Fingerprints.sha256(renewed), renewed.getNotAfter().toInstant(),
                next.size());
    }
}
