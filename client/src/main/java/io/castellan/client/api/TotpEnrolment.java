package io.castellan.client.api;

/**
 * A TOTP enrolment in progress: the shared secret the server made, shown once to the user for their authenticator.
 *
 * @param secret     base32 secret (RFC 4648, no padding)
 * @param otpauthUri the same secret as an {@code otpauth://totp/…} URI (for QR codes)
 */
public record TotpEnrolment(String secret, String otpauthUri) {

    @Override
    public String toString() {
        return "TotpEnrolment[secret=***]";
    }
}
