package io.castellan.sdk.pam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.castellan.model.error.CastellanException;
import io.castellan.model.record.PamRecord;
import io.castellan.model.record.RecordData;
import io.castellan.sdk.Secret;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.testing.FakeDeviceServer;
import io.castellan.sdk.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Typed PAM views over records fetched from the fake device API. */
@Timeout(30)
class PamViewsTest {

    private final FakeDeviceServer server = new FakeDeviceServer();

    PamViewsTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readsPamUsersAndResourcesAndRotatesAPassword() throws Exception {
        RecordData user = RecordData.create("pamUser", "postgres admin");
        user.setFieldValue("login", null, "postgres");
        user.setFieldValue("password", null, "old-pw");
        user.addField("secret", PamRecord.LABEL_PRIVATE_PEM_KEY).setValue("-----BEGIN PRIVATE KEY-----");
        user.addField("text", "connectDatabase").setValue("app");
        user.addField("checkbox", "managed").setValue(true);
        String userUid = server.vault.addRecord(null, user);

        RecordData db = RecordData.create("pamDatabase", "orders db");
        db.addField("pamHostname", null).setValueNodes(List.of(JsonNodeFactory.instance.objectNode()
                .put("hostName", "db.internal").put("port", "5432")));
        db.addField("checkbox", "useSSL").setValue(true);
        db.addField("databaseType", null).setValue("postgresql");
        db.addField("recordRef", null).setValue(userUid);
        String dbUid = server.vault.addRecord(null, db);

        RecordData machine = RecordData.create("pamMachine", "web-1");
        machine.addField("pamHostname", null).setValueNodes(List.of(JsonNodeFactory.instance.objectNode()
                .put("hostName", "10.1.2.3").put("port", "not-a-port")));
        machine.setFieldValue("login", null, "ec2-user");
        machine.setFieldValue("password", null, "machine-pw");
        String machineUid = server.vault.addRecord(null, machine);

        try (SecretsManager sm = Fixtures.boundDevice(server)) {
            var secrets = sm.getSecrets();
            PamUser pamUser = PamUser.of(secrets.record(userUid).orElseThrow());
            assertThat(pamUser.login()).contains("postgres");
            assertThat(pamUser.password()).contains("old-pw");
            assertThat(pamUser.privatePemKey()).contains("-----BEGIN PRIVATE KEY-----");
            assertThat(pamUser.connectDatabase()).contains("app");
            assertThat(pamUser.managed()).contains(true);

            PamResource database = PamResource.of(secrets.record(dbUid).orElseThrow());
            assertThat(database.host()).contains("db.internal");
            assertThat(database.port()).hasValue(5432);
            assertThat(database.useSsl()).contains(true);
            assertThat(database.databaseType()).contains("postgresql");
            assertThat(database.linkedRecordUids()).containsExactly(userUid);
            assertThat(database.login()).isEmpty();

            PamResource box = PamResource.of(secrets.record(machineUid).orElseThrow());
            assertThat(box.host()).contains("10.1.2.3");
            assertThat(box.port()).isEmpty();
            assertThat(box.login()).contains("ec2-user");
            assertThat(box.password()).contains("machine-pw");
            assertThat(box.useSsl()).isEmpty();

            pamUser.setPassword("new-pw");
            sm.updateSecret(pamUser.secret(), io.castellan.sdk.TransactionType.ROTATION);
            sm.completeTransaction(userUid, false);
            assertThat(server.vault.record(userUid).firstValue("password", null)).contains("new-pw");

            Secret wrongType = secrets.record(dbUid).orElseThrow();
            assertThatThrownBy(() -> PamUser.of(wrongType)).isInstanceOf(CastellanException.class)
                    .hasMessageContaining("is not a pamUser");
            assertThatThrownBy(() -> PamResource.of(pamUser.secret())).hasMessageContaining("is not a pamMachine");
            assertThat(pamUser.toString()).doesNotContain("new-pw");
        }
    }
}
