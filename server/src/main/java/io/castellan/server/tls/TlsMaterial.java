package io.castellan.server.tls;

import io.castellan.server.ServerConfig;
import io.castellan.server.files.Pem;
import io.castellan.server.files.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS certificate chain and private key, with the leaf's SHA-256 fingerprint.
 *
 * <p>Operator-provided PEM files ({@code --tls-cert}/{@code --tls-key}) win. Otherwise a self-signed certificate is
 * generated on first start into {@code <dataDir>/tls/server.crt} and {@code server.key} (PKCS#8, mode 0600, in a
 * 0700 directory) and reused on every later start, so the fingerprint clients pinned stays valid.
 */
public final class TlsMaterial {

    /** Where the material came from, for the startup banner. */
    public enum Source { GENERATED, REUSED, OPERATOR }

    private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);

    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;
    private final Source source;
    private final String fingerprintSha256;

    TlsMaterial(List<X509Certificate> chain, PrivateKey privateKey, Source source) {
        this.chain = List.copyOf(chain);
        this.privateKey = privateKey;
        this.source = source;
        this.fingerprintSha256 = Fingerprints.sha256(chain.getFirst());
    }

    /** Loads operator PEM files, or the generated pair from the data dir, generating it on first start. */
    public static TlsMaterial loadOrCreate(ServerConfig config) {
        if (config.tlsCert().isPresent()) {
            TlsMaterial m = read(config.tlsCert().get(), config.tlsKey().orElseThrow(), Source.OPERATOR);
            m.warnIfExpired();
            return m;
        }
        Path dir = config.dataDir().resolve("tls");
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        if (Files.exists(cert) || Files.exists(key)) {
            if (!Files.exists(cert) || !Files.exists(key)) {
                throw new IllegalStateException("tls: found only one of " + cert + " and " + key
                        + "; restore the missing file or delete both to generate a new certificate");
            }
            TlsMaterial m = read(cert, key, Source.REUSED);
            m.warnIfExpired();
            return m;
        }
        TlsMaterial generated = SelfSignedCertificate.generate(config.listen());
        SecureFiles.ensurePrivateDirectory(dir);
        SecureFiles.writePrivate(key, Pem.encode("PRIVATE KEY", generated.privateKey.getEncoded()));
        SecureFiles.writePublic(cert, generated.certificatePem());
        LOG.info("Generated a self-signed TLS certificate in {}", dir);
        return generated;
    }

    private static TlsMaterial read(Path certFile, Path keyFile, Source source) {
        List<X509Certificate> chain = PemMaterialReader.readCertificates(certFile);
        PrivateKey key = PemMaterialReader.readPrivateKey(keyFile);
        if (!matches(key, chain.getFirst())) {
            throw new IllegalArgumentException("tls key " + keyFile + " does not belong to the certificate in " + certFile);
        }
        return new TlsMaterial(chain, key, source);
    }

    /** Signs a probe with the key and verifies it with the certificate's public key. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = "castellan-tls-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void warnIfExpired() {
        try {
            certificate().checkValidity();
        } catch (GeneralSecurityException e) {
            LOG.warn("The TLS certificate (SHA-256 {}) is not valid now (valid {} to {}); clients will refuse it",
                    fingerprintSha256, certificate().getNotBefore(), certificate().getNotAfter());
        }
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /** Leaf first, then any intermediates the operator supplied. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** Colon-separated upper-case hex SHA-256 of the leaf's DER, as {@code openssl x509 -fingerprint -sha256}. */
    public String fingerprintSha256() {
        return fingerprintSha256;
    }

    public Source source() {
        return source;
    }

    /** The leaf as a PEM {@code CERTIFICATE} block. */
    public byte[] certificatePem() {
        try {
            return Pem.encode("CERTIFICATE", certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    /** An in-memory PKCS#12 key store holding the key under alias {@code server}, for Jetty's SSL context. */
    public KeyStore toKeyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS key store: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + source + ", sha256=" + fingerprintSha256 + "]"; // never the key
    }
}
