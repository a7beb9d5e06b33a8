package io.castellan.sdk.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.testing.FakeDeviceServer;
import io.castellan.sdk.testing.Fixtures;
import io.castellan.sdk.testing.RecordingSleeper;
import io.castellan.sdk.testing.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The three ways to trust a server certificate, against the fake's self-signed one. */
@Timeout(30)
class TlsTrustTest {

    private final FakeDeviceServer server = new FakeDeviceServer();
    @TempDir
    Path dir;

    TlsTrustTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CastellanException firstCallWith(TlsTrust trust) throws Exception {
        try (SecretsManager sm = SecretsManager.initialize(server.newToken(),
                Fixtures.options(server, new RecordingSleeper()).tls(trust).build())) {
            return org.junit.jupiter.api.Assertions.assertThrows(CastellanException.class, sm::getSecrets);
        }
    }

    private void worksWith(TlsTrust trust) throws Exception {
        try (SecretsManager sm = SecretsManager.initialize(server.newToken(),
                Fixtures.options(server, new RecordingSleeper()).tls(trust).build())) {
            sm.getSecrets();
            assertThat(sm.isBound()).isTrue();
        }
    }

    @Test
    void theJvmTrustStoreRefusesASelfSignedServer() throws Exception {
        CastellanException e = firstCallWith(TlsTrust.system());
        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.getMessage()).contains("TLS certificate of https://" + server.hostname() + " is not trusted");
    }

    @Test
    void aPinnedFingerprintIsTrustedInAnyNotation() throws Exception {
        worksWith(TlsTrust.pinned(server.fingerprint()));
        worksWith(TlsTrust.pinned(server.fingerprint().replace(":", "").toLowerCase()));
    }

    @Test
    void aWrongPinNamesBothFingerprints() throws Exception {
        String other = TestCertificates.selfSigned("other").fingerprint();
        CastellanException e = firstCallWith(TlsTrust.pinned(other));
        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.getMessage()).contains("does not match the pinned fingerprint " + other)
                .contains(server.fingerprint());
    }

    @Test
    void aCaFileIsTrustedWithTheHostNameCheck() throws Exception {
        worksWith(TlsTrust.caFile(server.certificate().writePem(dir.resolve("ca.pem"))));
        Path otherCa = TestCertificates.selfSigned("other").writePem(dir.resolve("other.pem"));
        assertThat(firstCallWith(TlsTrust.caFile(otherCa)).getMessage()).contains("is not trusted");
        assertThatThrownBy(() -> TlsTrust.caFile(dir.resolve("missing.pem")).sslContext())
                .hasMessageContaining("cannot read a certificate from the CA file");
    }

    @Test
    void aMalformedPinIsRefusedUpFront() {
        assertThatThrownBy(() -> TlsTrust.pinned("AB:CD")).isInstanceOf(CastellanException.class)
                .hasMessageContaining("32 hex bytes");
    }
}
