package io.castellan.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server renew-cert}: same key, new certificate first, the previous ones after it, loadable by the server. */
class CertificateRenewalTest {

    @TempDir
    Path dataDir;

    @Test
    void renewalKeepsTheKeyAndPutsThePreviousCertificatesBehindTheNewOne() throws Exception {
        ServerConfig config = ServerConfig.builder().dataDir(dataDir).listen("127.0.0.1:0").build();
        TlsMaterial first = TlsMaterial.loadOrCreate(config);
        String keyBefore = Files.readString(dataDir.resolve("tls/server.key"));

        CertificateRenewal.Result r = CertificateRenewal.renew(dataDir);
        CertificateRenewal.renew(dataDir);

        assertThat(r.previousFingerprint()).isEqualTo(first.fingerprintSha256());
        assertThat(r.fingerprint()).isNotEqualTo(first.fingerprintSha256());
        assertThat(r.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(800)));
        assertThat(Files.readString(dataDir.resolve("tls/server.key"))).isEqualTo(keyBefore);
        TlsMaterial reloaded = TlsMaterial.loadOrCreate(config);
        List<X509Certificate> chain = reloaded.chain();
        assertThat(chain).hasSize(3);
        assertThat(Fingerprints.sha256(chain.get(1))).isEqualTo(r.fingerprint());
        assertThat(Fingerprints.sha256(chain.get(2))).isEqualTo(first.fingerprintSha256());
        assertThat(chain).allSatisfy(c -> assertThat(c.getPublicKey()).isEqualTo(first.certificate().getPublicKey()));
        assertThat(List.copyOf(chain.getFirst().getSubjectAlternativeNames())).isEqualTo(List.copyOf(
                first.certificate().getSubjectAlternativeNames()));
        assertThat(reloaded.toKeyStore(new char[] {'x'}).getCertificateChain("server")).hasSize(3);
    }

    @Test
    void withoutAGeneratedCertificateThereIsNothingToRenew() {
        assertThatThrownBy(() -> CertificateRenewal.renew(dataDir)).hasMessageContaining("no generated certificate");
    }
}
