package io.castellan.sdk.transport;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SHA-256 certificate fingerprints as {@code openssl x509 -noout -fingerprint -sha256} prints them (upper-case hex
 * pairs joined by colons), the form the server reports in {@code tlsFingerprintSha256} and shows its operator.
 */
public final class CertificateFingerprints {

    private static final HexFormat FORMAT = HexFormat.ofDelimiter(":").withUpperCase();
    private static final Pattern HEX64 = Pattern.compile("[0-9A-F]{64}");

    private CertificateFingerprints() {
    }

    /** @return the SHA-256 fingerprint of the certificate's DER encoding */
    public static String sha256(X509Certificate certificate) {
        try {
            return FORMAT.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "cannot fingerprint the server certificate");
        }
    }

    /**
     * @param fingerprint a fingerprint in any case, with or without colons or spaces
     * @return the canonical {@code AB:CD:…} form
     * @throws CastellanException {@link ErrorCode#BAD_REQUEST} when it is not 32 hex bytes
     */
    public static String normalize(String fingerprint) {
        String hex = fingerprint == null ? ""
                : fingerprint.replace(":", "").replace(" ", "").strip().toUpperCase(Locale.ROOT);
        if (!HEX64.matcher(hex).matches()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "a SHA-256 certificate fingerprint is 32 hex bytes such as AB:CD:...");
        }
        return FORMAT.formatHex(HexFormat.of().parseHex(hex));
    }
}
