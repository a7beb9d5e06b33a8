package io.castellan.sdk.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate, named by its SHA-256 fingerprint, as SSH trusts a known host key. Chain,
 * expiry and host-name checks are skipped on purpose: the pin names the exact certificate, which is stronger, and a
 * self-hosted server's first certificate is self-signed. Extends {@link X509ExtendedTrustManager} so the JDK does not
 * wrap it with its own host-name check. The SDK and the CLI's client both use this one class (the CLI also for trust
 * on first use).
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {

    private String pinned; // guarded by this
    private String observed; // guarded by this

    /**
     * @param pinned the canonical fingerprint to require ({@link CertificateFingerprints#normalize}), or {@code null}
     *     for trust on first use: the first certificate seen is accepted, remembered and from then on required for
     *     the life of this object; {@link #observedFingerprint()} hands it to the caller to store
     */
    public PinningTrustManager(String pinned) {
        this.pinned = pinned;
    }

    /** @return the fingerprint of the last certificate the server presented, or {@code null} before any handshake */
    public synchronized String observedFingerprint() {
        return observed;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
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
