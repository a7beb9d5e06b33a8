package io.castellan.model.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordDataTest {

    private static final String JSON = """
            {"title":"prod db","type":"pamDatabase","fields":[
              {"type":"pamHostname","value":[{"hostName":"db.internal","port":5432}]},
              {"type":"login","value":["admin"]},
              {"type":"password","value":["Pa55-w0rd!"]},
              {"type":"text","label":"Connect Database","value":["postgres"]},
              {"type":"checkbox","label":"useSSL","value":[false]}
            ],"custom":[{"type":"text","label":"owner","value":["team-a"]}],"notes":"primary"}""";

    @Test
    void typedAccessors() {
        RecordData record = RecordData.parse(JSON);
        assertThat(record.title()).isEqualTo("prod db");
        assertThat(record.type()).isEqualTo("pamDatabase");
        assertThat(record.notes()).isEqualTo("primary");
        assertThat(record.fields()).extracting(RecordField::type)
                .containsExactly("pamHostname", "login", "password", "text", "checkbox");
        assertThat(record.custom()).hasSize(1);
        assertThat(record.firstValue("login", null)).contains("admin");
        assertThat(record.firstValue("pamHostname", null)).contains("{\"hostName\":\"db.internal\",\"port\":5432}");
        assertThat(record.firstValue("checkbox", "useSSL")).contains("false");
        assertThat(record.firstValue(null, "owner")).as("custom fields are searched too").contains("team-a");
    }

    @Test
    void labelsMatchInIdOrDisplayForm() {
        RecordData record = RecordData.parse(JSON);
        assertThat(record.findField("text", "connectDatabase")).isPresent();
        assertThat(record.findField("text", "Connect Database")).isPresent();
        assertThat(record.findField("checkbox", "Use SSL")).isPresent();
        assertThat(record.findField("text", "databaseId")).isEmpty();
        assertThat(FieldLabels.matches(null, null)).isTrue();
        assertThat(FieldLabels.matches("a", null)).isFalse();
        assertThat(FieldLabels.matches("!!", "??")).as("labels with no letters only match exactly").isFalse();
    }

    @Test
    void settersChangeValuesAndAddMissingFields() {
        RecordData record = RecordData.parse(JSON);
        record.setTitle("renamed");
        record.setNotes(null);
        record.setFieldValue("login", null, "other");
        RecordField added = record.setFieldValue("text", "databaseId", "db-1");

        assertThat(record.title()).isEqualTo("renamed");
        assertThat(record.notes()).isEmpty();
        assertThat(record.propertyNames()).doesNotContain("notes");
        assertThat(record.firstValue("login", null)).contains("other");
        assertThat(record.fields()).hasSize(6);
        assertThat(added.type()).isEqualTo("text");
        assertThat(record.fields().get(5).label()).contains("databaseId");

        added.setValueNodes(List.of(JsonNodeFactory.instance.textNode("a"), JsonNodeFactory.instance.textNode("b")));
        assertThat(added.stringValues()).containsExactly("a", "b");
        added.setValue(1700000000000L);
        assertThat(added.values()).singleElement().satisfies(v -> assertThat(v.longValue()).isEqualTo(1700000000000L));
        added.setLabel(null);
        assertThat(added.label()).isEmpty();
        assertThat(record.removeField(added)).isTrue();
        assertThat(record.removeField(added)).isFalse();
        assertThat(record.fields()).hasSize(5);
    }

    @Test
    void createBuildsAnEmptyRecord() {
        RecordData record = RecordData.create("pamUser", "svc");
        record.addField("login", null).setValue("svc");
        assertThat(record.toJson())
                .isEqualTo("{\"title\":\"svc\",\"type\":\"pamUser\",\"fields\":[{\"type\":\"login\",\"value\":[\"svc\"]}],\"custom\":[]}");
    }

    @Test
    void customNullIsReplacedWhenAddingAndEmptinessIsDetected() {
        RecordData record = RecordData.parse("{\"type\":\"login\",\"fields\":[{\"type\":\"password\",\"value\":[\"  \"]}],\"custom\":null}");
        assertThat(record.custom()).isEmpty();
        assertThat(record.findField("password").orElseThrow().isEmpty()).isTrue();
        record.addCustomField("text", "t");
        assertThat(record.custom()).hasSize(1);
        assertThat(record.title()).isEmpty();
    }

    @Test
    void toStringNeverShowsValues() {
        RecordData record = RecordData.parse(JSON);
        assertThat(record.toString()).isEqualTo("RecordData[type=pamDatabase, fields=5, custom=1]");
        assertThat(record.findField("password").orElseThrow().toString())
                .isEqualTo("RecordField[type=password, values=1]").doesNotContain("Pa55");
    }

    @Test
    void gettersReturnCopies() {
        RecordData record = RecordData.parse(JSON);
        RecordField host = record.findField("pamHostname").orElseThrow();
        ((com.fasterxml.jackson.databind.node.ObjectNode) host.values().get(0)).put("hostName", "changed");
        assertThat(PamRecord.of(record).hostname()).map(HostPort::hostName).contains("db.internal");
        RecordData copy = record.copy();
        copy.setTitle("other");
        assertThat(record.title()).isEqualTo("prod db");
    }
}
