package io.castellan.server.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A new self-signed certificate for the server's existing key: same subject, same key, same extensions (names,
 * usages), a new serial number and a new validity of {@value SelfSignedCertificate#VALIDITY_DAYS} days. Keeping the
 * key is what lets clients that pinned the previous certificate accept this one (see docs/operations.md).
 */
final class RenewedCertificate {

    private RenewedCertificate() {
    }

    static X509Certificate of(X509Certificate previous, PrivateKey key) {
        try {
            JcaX509CertificateHolder old = new JcaX509CertificateHolder(previous);
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(old.getSubject(),
                    new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(SelfSignedCertificate.VALIDITY_DAYS))),
                    old.getSubject(), previous.getPublicKey());
            for (Object oid : old.getExtensionOIDs()) {
                Extension e = old.getExtension((org.bouncycastle.asn1.ASN1ObjectIdentifier) oid);
                builder.addExtension(e);
            }
            String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot renew the server's TLS certificate: " + e.getMessage(), e);
        }
    }
}
