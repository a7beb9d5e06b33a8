package io.castellan.client.transport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.client.testing.TestCertificates;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The pin across {@code castellan server renew-cert}: a chain of the renewed certificate followed by the pinned one,
 * both of one key, is accepted; the pinned certificate copied behind a certificate of another key is refused, and
 * so is the renewed certificate alone.
 */
class RenewedCertificatePinTest {

    @Test
    void aRenewedCertificateOfThePinnedKeyIsAcceptedAndACopiedPinIsNot() throws Exception {
        TestCertificates.Issued pinned = TestCertificates.selfSigned("castellan");
        X509Certificate renewed = reissue(pinned);
        TestCertificates.Issued other = TestCertificates.selfSigned("castellan");
        PinningTrustManager trust = new PinningTrustManager(pinned.fingerprint());

        assertThatCode(() -> trust.checkServerTrusted(new X509Certificate[] {pinned.certificate()}, "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
        assertThatCode(() -> trust.checkServerTrusted(new X509Certificate[] {renewed, pinned.certificate()},
                "ECDHE_ECDSA")).doesNotThrowAnyException();
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {other.certificate(),
                pinned.certificate()}, "ECDHE_ECDSA")).isInstanceOf(PinMismatchException.class);
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {renewed}, "ECDHE_ECDSA"))
                .isInstanceOf(PinMismatchException.class);
    }

    /** The same key and subject, a new serial and validity: what renew-cert makes. */
    private static X509Certificate reissue(TestCertificates.Issued old) throws Exception {
        Instant now = Instant.now();
        var holder = new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(old.certificate());
        var builder = new JcaX509v3CertificateBuilder(holder.getSubject(), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(30, ChronoUnit.DAYS)),
                holder.getSubject(), old.certificate().getPublicKey());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(old.key())));
    }
}
