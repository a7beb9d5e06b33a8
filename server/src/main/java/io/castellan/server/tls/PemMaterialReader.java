package io.castellan.server.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM certificate chains and private keys as operators produce them (openssl, certbot, step-ca): PKCS#8
 * {@code PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY} and PKCS#1 {@code RSA PRIVATE KEY}. Encrypted keys are refused
 * (the server has nobody to ask for a passphrase). Error messages name the file, never its content.
 */
final class PemMaterialReader {

    private PemMaterialReader() {
    }

    /** Every certificate in {@code file}, leaf first. */
    static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(open(file))) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("tls certificate " + file + " is not a readable PEM certificate: "
                    + e.getClass().getSimpleName(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("tls certificate " + file + " contains no CERTIFICATE block");
        }
        return List.copyOf(chain);
    }

    /** The first private key in {@code file}. */
    static PrivateKey readPrivateKey(Path file) {
        try (PEMParser parser = new PEMParser(open(file))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException("tls key " + file
                            + " is encrypted; provide an unencrypted key file readable only by the server's user");
                }
            }
        } catch (IOException e) {
            // The exception text of a parser may quote file content: report only its type.
            throw new IllegalArgumentException("tls key " + file + " is not a readable PEM private key: "
                    + e.getClass().getSimpleName());
        }
        throw new IllegalArgumentException("tls key " + file + " contains no PRIVATE KEY block");
    }

    private static Reader open(Path file) throws IOException {
        try {
            return Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("tls file " + file + " does not exist");
        }
    }
}
