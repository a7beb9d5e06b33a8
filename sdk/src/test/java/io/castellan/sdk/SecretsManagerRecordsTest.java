package io.castellan.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.DeleteStatus;
import io.castellan.model.record.RecordData;
import io.castellan.sdk.testing.FakeDeviceServer;
import io.castellan.sdk.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SecretsManagerRecordsTest {

    private final FakeDeviceServer server = new FakeDeviceServer();
    private SecretsManager sm;
    private String direct;
    private String shared;
    private String sub;
    private String inFolder;
    private String inSubFolder;

    SecretsManagerRecordsTest() throws Exception {
    }

    @BeforeEach
    void start() throws Exception {
        direct = server.vault.addRecord(null, FakeDeviceServer.login("Direct", "root", "direct-pw"));
        shared = server.vault.addFolder(null, "Shared");
        sub = server.vault.addFolder(shared, "Sub");
        inFolder = server.vault.addRecord(shared, FakeDeviceServer.login("Folder record", "svc", "folder-pw"));
        inSubFolder = server.vault.addRecord(sub, FakeDeviceServer.login("Sub record", "app", "sub-pw"));
        sm = Fixtures.boundDevice(server);
    }

    @AfterEach
    void stop() {
        sm.close();
        server.close();
    }

    @Test
    void decryptsDirectFolderAndSubFolderRecords() {
        Secrets secrets = sm.getSecrets();
        assertThat(secrets.records()).extracting(Secret::uid).containsExactlyInAnyOrder(direct, inFolder, inSubFolder);
        Secret d = secrets.record(direct).orElseThrow();
        assertThat(d.password()).contains("direct-pw");
        assertThat(d.folderUid()).isEmpty();
        Secret f = secrets.record(inFolder).orElseThrow();
        assertThat(f.data().firstValue("login", null)).contains("svc");
        assertThat(f.folderUid()).contains(shared);
        assertThat(f.innerFolderUid()).isEmpty();
        Secret s = secrets.record(inSubFolder).orElseThrow();
        assertThat(s.password()).contains("sub-pw");
        assertThat(s.innerFolderUid()).contains(sub);
        assertThat(s.revision()).isEqualTo(1);
        assertThat(secrets.byTitle("Sub record")).containsExactly(s);
    }

    @Test
    void requestsOnlyTheRecordsAsked() {
        Secrets one = sm.getSecrets(List.of(inFolder));
        assertThat(one.records()).extracting(Secret::uid).containsExactly(inFolder);
        assertThat(server.calls().getLast().payload().path("requestedRecords").get(0).asText()).isEqualTo(inFolder);
        assertThatThrownBy(() -> sm.getSecrets(List.of("not a uid")))
                .isInstanceOf(CastellanException.class).hasMessageContaining("not a record UID");
    }

    @Test
    void updatesWithRevisionAndRefusesAStaleCopy() {
        Secret record = sm.getSecrets(List.of(direct)).records().getFirst();
        record.data().setFieldValue("password", null, "changed-pw");
        sm.updateSecret(record);
        assertThat(server.vault.record(direct).firstValue("password", null)).contains("changed-pw");
        var payload = server.calls().getLast().payload();
        assertThat(payload.path("revision").asLong()).isEqualTo(1);
        assertThat(payload.has("transactionType")).isFalse();
        // data travels web-safe; the fake decodes it strictly, and it is never the plaintext
        assertThat(payload.path("data").asText()).doesNotContain("+", "/", "=");
        assertThat(Aes256Gcm.decrypt(server.vault.records.get(direct).key,
                Base64s.decodeWebSafe(payload.path("data").asText()))).asString(StandardCharsets.UTF_8)
                .contains("changed-pw");

        record.data().setFieldValue("password", null, "stale-pw");
        assertThatThrownBy(() -> sm.updateSecret(record)).isInstanceOf(CastellanException.class)
                .satisfies(e -> assertThat(((CastellanException) e).code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageNotContaining("stale-pw");
        assertThat(server.vault.record(direct).firstValue("password", null)).contains("changed-pw");
    }

    @Test
    void rotationIsPendingUntilFinalised() {
        Secret record = sm.getSecrets(List.of(inFolder)).records().getFirst();
        record.data().setFieldValue("password", null, "rotated-pw");
        sm.updateSecret(record, TransactionType.ROTATION);
        assertThat(server.calls().getLast().payload().path("transactionType").asText()).isEqualTo("rotation");
        assertThat(server.vault.record(inFolder).firstValue("password", null)).contains("folder-pw");

        sm.completeTransaction(inFolder, false);
        assertThat(server.paths().getLast()).isEqualTo("finalize_secret_update");
        assertThat(server.vault.record(inFolder).firstValue("password", null)).contains("rotated-pw");
        assertThat(sm.getSecrets(List.of(inFolder)).records().getFirst().revision()).isEqualTo(2);
    }

    @Test
    void rotationRollsBack() {
        Secret record = sm.getSecrets(List.of(direct)).records().getFirst();
        record.data().setFieldValue("password", null, "never-used");
        sm.updateSecret(record, TransactionType.ROTATION);
        sm.completeTransaction(direct, true);
        assertThat(server.paths().getLast()).isEqualTo("rollback_secret_update");
        assertThat(server.vault.record(direct).firstValue("password", null)).contains("direct-pw");
        assertThat(server.vault.records.get(direct).pending).isNull();
    }

    @Test
    void createsRecordsInASharedFolderAndInASubFolder() {
        RecordData data = FakeDeviceServer.login("Created", "new", "new-pw");
        String uid = sm.createSecret(shared, data);
        assertThat(server.vault.record(uid)).isEqualTo(data);
        assertThat(server.vault.records.get(uid).sharedFolder).isEqualTo(shared);
        var payload = server.calls().getLast().payload();
        assertThat(payload.path("folderUid").asText()).isEqualTo(shared);
        assertThat(payload.has("subFolderUid")).isFalse();

        String nested = sm.createSecret(sub, FakeDeviceServer.login("Nested", "n", "n-pw"));
        assertThat(server.vault.records.get(nested).sharedFolder).isEqualTo(shared);
        assertThat(server.vault.records.get(nested).innerFolder).isEqualTo(sub);
        assertThat(sm.getSecrets(List.of(nested)).records().getFirst().password()).contains("n-pw");

        assertThatThrownBy(() -> sm.createSecret("AAAAAAAAAAAAAAAAAAAAAA", data))
                .satisfies(e -> assertThat(((CastellanException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void deletesRecords() {
        List<DeleteStatus> statuses = sm.deleteSecret(List.of(direct, "AAAAAAAAAAAAAAAAAAAAAA"));
        assertThat(statuses).extracting(DeleteStatus::responseCode).containsExactly("ok", "not_found");
        assertThat(server.vault.record(direct)).isNull();
        assertThat(sm.getSecrets().records()).extracting(Secret::uid).doesNotContain(direct);
    }
}
