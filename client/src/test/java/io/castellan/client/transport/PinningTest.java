package io.castellan.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.client.testing.FakeApiServer;
import io.castellan.client.testing.TestCertificates;
import io.castellan.client.testing.TestCertificates.Issued;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.transport.CertificateFingerprints;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinningTest {

    @TempDir
    Path dir;

    private FakeApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiTransport transport(String url, TlsTrust trust) {
        return new ApiTransport(java.net.URI.create(url), trust, Clock.systemUTC(), Duration.ofSeconds(10));
    }

    private String url() {
        return server.url().toString();
    }

    @Test
    void thePinnedCertificateIsAccepted() throws Exception {
        Issued cert = TestCertificates.selfSigned("castellan");
        server = FakeApiServer.start(cert, (c, r) -> FakeApiServer.MAPPER.createObjectNode().put("ok", true));
        ApiTransport transport = transport(url(), TlsTrust.pinned(cert.fingerprint().toLowerCase().replace(":", "")));
        assertThat(transport.call("whoami", FakeApiServer.MAPPER.createObjectNode()).path("ok").asBoolean()).isTrue();
    }

    @Test
    void aChangedCertificateIsRefusedNamingBothFingerprintsAndHowToRepin() throws Exception {
        Issued pinned = TestCertificates.selfSigned("castellan");
        Issued presented = TestCertificates.selfSigned("castellan");
        server = FakeApiServer.start(presented, (c, r) -> FakeApiServer.MAPPER.createObjectNode());
        ApiTransport transport = transport(url(), TlsTrust.pinned(pinned.fingerprint()));
        String pinnedFp = pinned.fingerprint();
        String presentedFp = presented.fingerprint();

        assertThatThrownBy(transport::serverKeys).isInstanceOfSatisfying(CastellanException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains(pinnedFp, presentedFp, "--repin", url())
                    .doesNotContain("\n");
        });
        assertThat(server.keyFetches()).as("nothing was sent over the untrusted connection").isZero();
    }

    @Test
    void trustOnFirstUseReportsThePresentedFingerprint() throws Exception {
        Issued cert = TestCertificates.selfSigned("castellan");
        server = FakeApiServer.start(cert, (c, r) -> FakeApiServer.MAPPER.createObjectNode());
        ApiTransport transport = transport(url(), TlsTrust.trustOnFirstUse());
        assertThat(transport.trust().observedFingerprint()).isEmpty();
        ServerKeys keys = transport.serverKeys();
        assertThat(transport.trust().observedFingerprint()).contains(cert.fingerprint());
        assertThat(keys.tlsFingerprintSha256()).isEqualTo(cert.fingerprint());
    }

    @Test
    void aCaFileTrustsCertificatesItSignedForTheRightHost() throws Exception {
        Issued ca = TestCertificates.ca("Test CA");
        Issued leaf = TestCertificates.signedBy(ca, "castellan", "localhost", "127.0.0.1");
        server = FakeApiServer.start(leaf, (c, r) -> FakeApiServer.MAPPER.createObjectNode().put("ok", true));
        ApiTransport transport = transport(url(), TlsTrust.caFile(ca.writePem(dir.resolve("ca.pem"))));
        assertThat(transport.call("whoami", FakeApiServer.MAPPER.createObjectNode()).path("ok").asBoolean()).isTrue();
        assertThat(transport.trust().observedFingerprint()).isEmpty();
    }

    @Test
    void aCaFileRefusesOtherIssuersAndWrongHostNames() throws Exception {
        Issued ca = TestCertificates.ca("Test CA");
        Issued otherCa = TestCertificates.ca("Other CA");
        server = FakeApiServer.start(TestCertificates.signedBy(otherCa, "castellan", "127.0.0.1"),
                (c, r) -> FakeApiServer.MAPPER.createObjectNode());
        Path caPem = ca.writePem(dir.resolve("ca.pem"));
        assertThatThrownBy(() -> transport(url(), TlsTrust.caFile(caPem)).serverKeys())
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                    assertThat(e.getMessage()).contains("not trusted by the CA file");
                });
        server.close();

        server = FakeApiServer.start(TestCertificates.signedBy(ca, "castellan", "vault.example.com"),
                (c, r) -> FakeApiServer.MAPPER.createObjectNode());
        assertThatThrownBy(() -> transport(url(), TlsTrust.caFile(caPem)).serverKeys())
                .isInstanceOf(CastellanException.class);
    }

    @Test
    void aMissingOrInvalidCaFileIsABadRequest() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        for (Path file : new Path[] {dir.resolve("missing.pem"), dir.resolve("junk.pem")}) {
            assertThatThrownBy(() -> TlsTrust.caFile(file).sslContext())
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
    }

    @Test
    void fingerprintsAreNormalisedToOpensslForm() {
        String fp = "ab".repeat(32);
        assertThat(CertificateFingerprints.normalize(fp)).isEqualTo(("AB:".repeat(32)).substring(0, 95));
        assertThatThrownBy(() -> CertificateFingerprints.normalize("AB:CD"))
                .isInstanceOf(CastellanException.class);
    }

    @Test
    void onlyHttpsUrlsAreAccepted() {
        assertThat(ServerUrl.parse("https://vault.example.com:8443/").toString())
                .isEqualTo("https://vault.example.com:8443");
        for (String bad : new String[] {"http://vault.example.com", "vault.example.com", "https://", "",
                "https://u:p@host", "https://host/?q=1"}) {
            assertThatThrownBy(() -> ServerUrl.parse(bad)).as(bad).isInstanceOf(CastellanException.class);
        }
    }
}
