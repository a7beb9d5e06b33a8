package io.castellan.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.castellan.crypto.Base64s;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordData;
import io.castellan.sdk.notation.NotationException;
import io.castellan.sdk.testing.FakeDeviceServer;
import io.castellan.sdk.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Keeper notation resolved against records served by the fake device API, as a table of notation → values. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotationResolutionTest {

    private FakeDeviceServer server;
    private SecretsManager sm;
    private String web;
    private String machine;
    private String withFile;

    @BeforeAll
    void start() throws Exception {
        server = new FakeDeviceServer();
        RecordData login = FakeDeviceServer.login("Web Login", "alice", "pw-1");
        login.setFieldValue("url", null, "https://a.example", "https://b.example");
        login.addCustomField("text", "Label").setValue("c0", "c1");
        login.addCustomField("text", "Admin Port").setValue("8443");
        login.setNotes("note text");
        web = server.vault.addRecord(null, login);

        RecordData pam = RecordData.create("pamMachine", "My Server [prod]");
        pam.addField("pamHostname", null).setValueNodes(List.of(JsonNodeFactory.instance.objectNode()
                .put("hostName", "10.0.0.5").put("port", "22")));
        pam.setFieldValue("login", null, "root");
        pam.setFieldValue("password", null, "pam-pw");
        pam.addCustomField("text", "a/b").setValue("slash");
        pam.addField("text", null).setValue("t1");
        pam.addField("text", null).setValue("t2");
        machine = server.vault.addRecord(null, pam);

        server.vault.addRecord(null, FakeDeviceServer.login("Dup", "x", "y"));
        server.vault.addRecord(null, FakeDeviceServer.login("Dup", "z", "w"));
        withFile = server.vault.addRecord(null, FakeDeviceServer.login("Has file", "f", "g"));
        server.vault.addFile(withFile, "cert.pem", "PEM DATA".getBytes(StandardCharsets.UTF_8));
        sm = Fixtures.boundDevice(server);
    }

    @AfterAll
    void stop() {
        sm.close();
        server.close();
    }

    @Test
    void resolvesTheTable() {
        Map<String, List<String>> table = Map.ofEntries(
                Map.entry("keeper://" + web + "/field/password", List.of("pw-1")),
                Map.entry(web + "/field/login", List.of("alice")),
                Map.entry("keeper://Web Login/field/password", List.of("pw-1")),
                Map.entry(web + "/type", List.of("login")),
                Map.entry(web + "/title", List.of("Web Login")),
                Map.entry(web + "/notes", List.of("note text")),
                Map.entry(machine + "/notes", List.of()),
                Map.entry(web + "/field/url", List.of("https://a.example", "https://b.example")),
                Map.entry(web + "/field/url[]", List.of("https://a.example", "https://b.example")),
                Map.entry(web + "/field/url[1]", List.of("https://b.example")),
                Map.entry("keeper://Web Login/custom_field/Label[1]", List.of("c1")),
                Map.entry(web + "/custom_field/Admin Port", List.of("8443")),
                Map.entry(machine + "/custom_field/text[0]", List.of("slash")),
                Map.entry(machine + "/field/pamHostname[0][hostName]", List.of("10.0.0.5")),
                Map.entry(machine + "/field/pamHostname[][port]", List.of("22")),
                Map.entry(machine + "/field/pamHostname", List.of("{\"hostName\":\"10.0.0.5\",\"port\":\"22\"}")),
                Map.entry(machine + "/field/login[0][nope]", List.of()),
                Map.entry("My Server [prod]/field/password", List.of("pam-pw")),
                Map.entry("My Server \\[prod\\]/custom_field/a\\/b", List.of("slash")),
                Map.entry(withFile + "/file/cert.pem", List.of(Base64s.encodeWebSafe(
                        "PEM DATA".getBytes(StandardCharsets.UTF_8)))));
        table.forEach((notation, expected) ->
                assertThat(sm.getNotationResults(notation)).as(notation).isEqualTo(expected));
        assertThat(sm.getNotationValue(web + "/field/url")).isEqualTo("https://a.example");
    }

    @Test
    void fetchesOneRecordForAUidAndEverythingForATitle() {
        int before = server.calls().size();
        sm.getNotationResults(web + "/field/login");
        assertThat(server.calls().subList(before, server.calls().size())).hasSize(1)
                .allSatisfy(c -> assertThat(c.payload().path("requestedRecords").get(0).asText()).isEqualTo(web));
        before = server.calls().size();
        sm.getNotationResults("Web Login/field/login");
        assertThat(server.calls().subList(before, server.calls().size())).hasSize(1)
                .allSatisfy(c -> assertThat(c.payload().has("requestedRecords")).isFalse());
    }

    @Test
    void reportsTheKeeperErrors() {
        Map<String, Object[]> errors = Map.of(
                "Dup/field/login", new Object[] {ErrorCode.BAD_REQUEST, "multiple records match 'Dup'"},
                "Nobody/field/login", new Object[] {ErrorCode.NOT_FOUND, "no record matches 'Nobody'"},
                "AAAAAAAAAAAAAAAAAAAAAA/field/login", new Object[] {ErrorCode.NOT_FOUND, "no record matches"},
                machine + "/field/text", new Object[] {ErrorCode.BAD_REQUEST, "several fields matching 'text'"},
                web + "/field/oneTimeCode", new Object[] {ErrorCode.NOT_FOUND, "no field matching 'oneTimeCode'"},
                web + "/custom_field/password", new Object[] {ErrorCode.NOT_FOUND, "no field matching 'password'"},
                web + "/field/url[2]", new Object[] {ErrorCode.NOT_FOUND, "index 2 is out of bounds"},
                web + "/file/x", new Object[] {ErrorCode.NOT_FOUND, "has no file attachments"},
                withFile + "/file/other.pem", new Object[] {ErrorCode.NOT_FOUND, "no file matching 'other.pem'"},
                web + "/field/pass[", new Object[] {ErrorCode.BAD_REQUEST, "not closed"});
        errors.forEach((notation, expected) -> assertThatThrownBy(() -> sm.getNotationResults(notation))
                .as(notation).isInstanceOf(NotationException.class).hasMessageContaining((String) expected[1])
                .hasMessageNotContaining("pw-1")
                .satisfies(e -> assertThat(((NotationException) e).code()).isEqualTo(expected[0])));
        assertThatThrownBy(() -> sm.getNotationValue(machine + "/notes")).isInstanceOf(NotationException.class)
                .hasMessageContaining("selects no value");
    }
}
