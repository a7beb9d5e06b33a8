package io.castellan.sdk.transport;

import java.security.cert.CertificateException;

/** The server presented a certificate other than the pinned one; both fingerprints are public, so both are named. */
public final class PinMismatchException extends CertificateException {

    private static final long serialVersionUID = 1L;

    private final String pinned;
    private final String presented;

    PinMismatchException(String pinned, String presented) {
        super("the server's certificate " + presented + " does not match the pinned fingerprint " + pinned);
        this.pinned = pinned;
        this.presented = presented;
    }

    /** @return the pinned fingerprint */
    public String pinnedFingerprint() {
        return pinned;
    }

    /** @return the fingerprint of the certificate the server presented */
    public String presentedFingerprint() {
        return presented;
    }
}
