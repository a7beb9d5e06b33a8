package io.castellan.client.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate, identified by its SHA-256 fingerprint, as SSH trusts a known host key.
 *
 * <p>With no pin (trust on first use) the first certificate seen is accepted, remembered and from then on required
 * for the rest of the process; {@link #observedFingerprint()} hands it to the caller to store. Chain building,
 * expiry and host-name checks are deliberately skipped: the pin names the exact certificate, which is stronger
 * than any of them, and self-signed server certificates have neither a CA nor necessarily the right name.
 *
 * <p>Extends {@link X509ExtendedTrustManager} so the JDK does not wrap it with its own host-name check.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {

    private String pinned;
    private String observed;

    /** @param pinned the canonical fingerprint to require, or {@code null} for trust on first use */
    PinningTrustManager(String pinned) {
        this.pinned = pinned;
    }

    /** @return the fingerprint of the last certificate the server presented, or {@code null} before any handshake */
    synchronized String observedFingerprint() {
        return observed;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    private synchronized void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        String presented = CertificateFingerprints.sha256(chain[0]);
        observed = presented;
        if (pinned == null) {
            pinned = presented;
        } else if (!pinned.equals(presented) && !renewedFromPinned(chain, pinned)) {
            throw new PinMismatchException(pinned, presented);
        }
    }

    /**
     * A renewed certificate ({@code castellan server renew-cert}): the server presents the new certificate followed
     * by the previous ones, all for one key. The pinned certificate counts if it is among them with the leaf's public
     * key — the handshake proves the server holds the leaf's private key, so it holds the pinned certificate's key.
     * A pinned certificate copied into someone else's chain has another key and is refused.
     */
    static boolean renewedFromPinned(X509Certificate[] chain, String pinned) throws CertificateException {
        for (int i = 1; i < chain.length; i++) {
            if (pinned.equals(CertificateFingerprints.sha256(chain[i]))
                    && java.security.MessageDigest.isEqual(chain[i].getPublicKey().getEncoded(),
                            chain[0].getPublicKey().getEncoded())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this client does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
