package io.castellan.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.server.ServerConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class TlsMaterialTest {

    @TempDir
    Path dataDir;

    private ServerConfig config(String listen) {
        return ServerConfig.builder().dataDir(dataDir).listen(listen).build();
    }

    @Test
    void generatedOnceThenReused() throws Exception {
        TlsMaterial first = TlsMaterial.loadOrCreate(config("127.0.0.1:8443"));
        Path cert = dataDir.resolve("tls/server.crt");
        byte[] certBytes = Files.readAllBytes(cert);
        byte[] keyBytes = Files.readAllBytes(dataDir.resolve("tls/server.key"));

        TlsMaterial second = TlsMaterial.loadOrCreate(config("127.0.0.1:8443"));

        assertThat(first.source()).isEqualTo(TlsMaterial.Source.GENERATED);
        assertThat(second.source()).isEqualTo(TlsMaterial.Source.REUSED);
        assertThat(second.fingerprintSha256()).isEqualTo(first.fingerprintSha256());
        assertThat(Files.readAllBytes(cert)).isEqualTo(certBytes);
        assertThat(Files.readAllBytes(dataDir.resolve("tls/server.key"))).isEqualTo(keyBytes);
    }

    @Test
    void keyFileIsOwnerOnlyAndPkcs8Pem() throws Exception {
        TlsMaterial.loadOrCreate(config("127.0.0.1:8443"));
        Path key = dataDir.resolve("tls/server.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tls"))))
                .isEqualTo("rwx------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        try (var files = Files.list(dataDir.resolve("tls"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("server.crt", "server.key");
        }
    }

    @Test
    void fingerprintIsSha256OfTheDerAsOpensslPrintsIt() throws Exception {
        TlsMaterial material = TlsMaterial.loadOrCreate(config("127.0.0.1:8443"));
        X509Certificate parsed;
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls/server.crt"))) {
            parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(parsed.getEncoded());
        StringBuilder expected = new StringBuilder();
        for (byte b : digest) {
            expected.append(expected.isEmpty() ? "" : ":").append(String.format("%02X", b & 0xff));
        }
        assertThat(material.fingerprintSha256()).isEqualTo(expected.toString()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(HexFormat.of().parseHex(Fingerprints.normalize(material.fingerprintSha256()))).isEqualTo(digest);
    }

    @Test
    void certificateIsP256WithLoopbackAndListenHostNames() throws Exception {
        TlsMaterial material = TlsMaterial.loadOrCreate(config("castellan.example.com:8443"));
        X509Certificate cert = material.certificate();
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        List<String> names = cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1", "castellan.example.com");
        assertThat(names).anyMatch(n -> n.equals("0:0:0:0:0:0:0:1") || n.equals("::1"));
        Duration validity = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        assertThat(validity.toDays()).isBetween(824L, 826L);
        assertThat(cert.getNotBefore().toInstant()).isBefore(Instant.now());
        cert.verify(cert.getPublicKey()); // self-signed
        assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
    }

    @Test
    void listenIpAddressIsAnIpSubjectAltName() throws Exception {
        X509Certificate cert = TlsMaterial.loadOrCreate(config("10.1.2.3:8443")).certificate();
        assertThat(cert.getSubjectAlternativeNames())
                .anyMatch(n -> n.get(0).equals(7) && n.get(1).equals("10.1.2.3"));
    }

    @Test
    void operatorProvidedPemIsLoadedAndNothingIsGenerated(@TempDir Path elsewhere) throws Exception {
        ServerConfig generator = ServerConfig.builder().dataDir(elsewhere).build();
        TlsMaterial original = TlsMaterial.loadOrCreate(generator);

        ServerConfig operator = ServerConfig.builder().dataDir(dataDir)
                .tlsCert(elsewhere.resolve("tls/server.crt")).tlsKey(elsewhere.resolve("tls/server.key")).build();
        TlsMaterial loaded = TlsMaterial.loadOrCreate(operator);

        assertThat(loaded.source()).isEqualTo(TlsMaterial.Source.OPERATOR);
        assertThat(loaded.fingerprintSha256()).isEqualTo(original.fingerprintSha256());
        assertThat(dataDir.resolve("tls")).doesNotExist();
    }

    @Test
    void keyNotMatchingTheCertificateIsRefused(@TempDir Path a, @TempDir Path b) {
        TlsMaterial.loadOrCreate(ServerConfig.builder().dataDir(a).build());
        TlsMaterial.loadOrCreate(ServerConfig.builder().dataDir(b).build());
        ServerConfig mixed = ServerConfig.builder().dataDir(dataDir)
                .tlsCert(a.resolve("tls/server.crt")).tlsKey(b.resolve("tls/server.key")).build();

        assertThatThrownBy(() -> TlsMaterial.loadOrCreate(mixed))
                .hasMessageContaining("does not belong to the certificate")
                .hasMessageNotContaining("BEGIN");
    }

    @Test
    void missingOperatorFileIsNamed() {
        ServerConfig missing = ServerConfig.builder().dataDir(dataDir)
                .tlsCert(dataDir.resolve("nope.crt")).tlsKey(dataDir.resolve("nope.key")).build();
        assertThatThrownBy(() -> TlsMaterial.loadOrCreate(missing)).hasMessageContaining("nope.crt does not exist");
    }

    @Test
    void halfOfAGeneratedPairIsNotSilentlyReplaced() throws Exception {
        TlsMaterial.loadOrCreate(config("127.0.0.1:8443"));
        Files.delete(dataDir.resolve("tls/server.key"));
        assertThatThrownBy(() -> TlsMaterial.loadOrCreate(config("127.0.0.1:8443")))
                .hasMessageContaining("found only one of");
    }

    @Test
    void keyStoreHoldsTheKeyAndChain() throws Exception {
        TlsMaterial material = TlsMaterial.loadOrCreate(config("127.0.0.1:8443"));
        var store = material.toKeyStore("pw".toCharArray());
        assertThat(store.isKeyEntry("server")).isTrue();
        assertThat(store.getCertificate("server")).isEqualTo(material.certificate());
        assertThat(material.toString()).doesNotContain("PRIVATE");
    }
}
