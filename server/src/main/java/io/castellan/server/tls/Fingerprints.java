package io.castellan.server.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** Certificate fingerprints in the form {@code openssl x509 -noout -fingerprint -sha256} prints them. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** SHA-256 of the DER encoding, upper-case hex bytes separated by colons ({@code AB:CD:...}). */
    public static String sha256(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint certificate: " + e.getMessage(), e);
        }
    }

    /** Normalises a fingerprint typed by a user (any case, with or without colons) for comparison. */
    public static String normalize(String fingerprint) {
        return fingerprint.replace(":", "").strip().toUpperCase(Locale.ROOT);
    }
}
