package io.castellan.client.testing;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates (P-256, SHA256withECDSA): self-signed, a CA, and leaves signed by it, with chosen SANs. */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private TestCertificates() {
    }

    /** A certificate and its key. */
    public record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {

        /** @return an SSL context serving this certificate */
        public SSLContext serverContext() throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, "pw".toCharArray(), chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, "pw".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        }

        /** @return the SHA-256 fingerprint, computed independently of the code under test */
        public String fingerprint() throws Exception {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        }

        /** Writes the certificate as PEM. */
        public Path writePem(Path file) throws Exception {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(certificate);
            }
            Files.writeString(file, out.toString());
            return file;
        }
    }

    /** A self-signed server certificate for localhost and 127.0.0.1. */
    public static Issued selfSigned(String cn) throws Exception {
        KeyPair pair = newKeyPair();
        X509Certificate cert = build(cn, pair, cn, pair.getPrivate(), false, "localhost", "127.0.0.1");
        return new Issued(cert, pair.getPrivate(), List.of(cert));
    }

    /** A CA certificate. */
    public static Issued ca(String cn) throws Exception {
        KeyPair pair = newKeyPair();
        X509Certificate cert = build(cn, pair, cn, pair.getPrivate(), true);
        return new Issued(cert, pair.getPrivate(), List.of(cert));
    }

    /** A leaf signed by {@code ca}, valid for the given DNS names / IP addresses. */
    public static Issued signedBy(Issued ca, String cn, String... sans) throws Exception {
        KeyPair pair = newKeyPair();
        X509Certificate cert = build(cn, pair, ca.certificate().getSubjectX500Principal().getName(), ca.key(), false,
                sans);
        List<X509Certificate> chain = new ArrayList<>(List.of(cert, ca.certificate()));
        return new Issued(cert, pair.getPrivate(), chain);
    }

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }

    private static X509Certificate build(String cn, KeyPair subject, String issuer, PrivateKey issuerKey, boolean ca,
            String... sans) throws Exception {
        Instant now = Instant.now();
        X500Name issuerName = issuer.contains("=") ? new X500Name(issuer) : new X500Name("CN=" + issuer);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name("CN=" + cn), subject.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (sans.length > 0) {
            List<GeneralName> names = new ArrayList<>();
            for (String san : sans) {
                names.add(Character.isDigit(san.charAt(0))
                        ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(san).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, san));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
