package io.castellan.server.tls;

import io.castellan.server.ListenAddress;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates the server's self-signed TLS certificate for first start: an EC P-256 key, SHA256withECDSA, valid for
 * {@value #VALIDITY_DAYS} days (the longest validity browsers ever accepted for server certificates), with subject
 * alternative names for the loopback names and the configured listen host. Clients trust it by its SHA-256
 * fingerprint, which the server prints at start.
 */
final class SelfSignedCertificate {

    static final int VALIDITY_DAYS = 825;

    private SelfSignedCertificate() {
    }

    /** A fresh key pair and a certificate for it. */
    static TlsMaterial generate(ListenAddress listen) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keyPair = generator.generateKeyPair();

            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Castellan")
                    .addRDN(BCStyle.CN, "Castellan server")
                    .build();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), // tolerate small clock skew on clients
                    Date.from(now.plus(Duration.ofDays(VALIDITY_DAYS))),
                    subject, keyPair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.subjectAlternativeName, false, subjectAltNames(listen));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            return new TlsMaterial(List.of(certificate), keyPair.getPrivate(), TlsMaterial.Source.GENERATED);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot generate the server's TLS certificate: " + e.getMessage(), e);
        }
    }

    /** localhost, 127.0.0.1, ::1, and the listen host unless it is a wildcard address. */
    static GeneralNames subjectAltNames(ListenAddress listen) {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        if (!listen.isWildcard()) {
            if (listen.isIpv6() || listen.host().matches("[0-9.]+")) {
                ips.add(listen.host().replaceFirst("%.*$", "")); // a zone id has no place in a certificate
            } else {
                dns.add(listen.host().toLowerCase(java.util.Locale.ROOT));
            }
        }
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
