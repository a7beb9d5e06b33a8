package io.castellan.client.transport;

import java.security.cert.CertificateException;

/**
 * Thrown during the TLS handshake when the server presents a certificate other than the pinned one. Carries both
 * fingerprints (public values) so the caller can explain how to re-pin.
 */
public final class PinMismatchException extends CertificateException {

    private static final long serialVersionUID = 1L;

    private final String pinned;
    private final String presented;

    /**
     * @param pinned the fingerprint in the config
     * @param presented the fingerprint of the certificate the server showed
     */
    public PinMismatchException(String pinned, String presented) {
        super("the server's TLS certificate " + presented + " is not the pinned certificate " + pinned);
        this.pinned = pinned;
        this.presented = presented;
    }

    /** @return the pinned fingerprint */
    public String pinned() {
        return pinned;
    }

    /** @return the presented fingerprint */
    public String presented() {
        return presented;
    }
}
