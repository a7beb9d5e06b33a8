package io.castellan.model.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Unknown properties and field types must survive a read-modify-write (Keeper's Java SDK loses them). */
class RecordRoundTripTest {

    static final String RECORD = """
            {"title":"db host","type":"pamMachine","fields":[\
            {"type":"pamHostname","label":"","required":true,"value":[{"hostName":"db","port":"22","futureKey":{"a":[1,2.50]}}]},\
            {"type":"login","value":["root"],"privacyScreen":true},\
            {"type":"password","value":["S3cr3t!"],"complexity":{"length":20,"caps":4},"enforceGeneration":false},\
            {"type":"futureFieldType","label":"x","value":[{"deep":{"nested":[true,null,1.000]}}],"futureProp":"kept"},\
            {"type":"checkbox","label":"sslVerification","value":[true]}],\
            "custom":[{"type":"text","label":"note","value":["hello"],"unknown":1}],\
            "notes":"n","futureTopLevel":{"v":12345678901234567890},"anotherOne":[1,"two",false,{}]}""";

    @Test
    void modifyingAKnownFieldKeepsEverythingElseByteForByte() {
        RecordData record = RecordData.parse(RECORD);
        PamRecord.of(record).setPassword("N3w-pass");

        byte[] written = record.toBytes();

        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo(RECORD.replace("\"S3cr3t!\"", "\"N3w-pass\""));
    }

    @Test
    void rereadRecordMatchesTheOriginalTreeExceptTheModifiedValue() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        ObjectNode expected = (ObjectNode) plain.readTree(RECORD);
        ((ArrayNode) expected.get("fields").get(2).get("value")).set(0, "changed");

        RecordData record = RecordData.parse(RECORD.getBytes(StandardCharsets.UTF_8));
        record.findField("password").orElseThrow().setValue("changed");
        RecordData reread = RecordData.parse(record.toBytes());

        assertThat(plain.readTree(reread.toBytes())).isEqualTo(expected);
        assertThat(reread.propertyNames()).containsExactly(
                "title", "type", "fields", "custom", "notes", "futureTopLevel", "anotherOne");
        RecordField unknown = reread.findField("futureFieldType").orElseThrow();
        assertThat(unknown.property("futureProp")).map(JsonNode::textValue).contains("kept");
        assertThat(unknown.label()).contains("x");
        assertThat(reread.findField("password").orElseThrow().property("complexity"))
                .map(JsonNode::toString).contains("{\"length\":20,\"caps\":4}");
        assertThat(reread.custom().get(0).property("unknown")).map(JsonNode::intValue).contains(1);
    }

    @Test
    void addingAFieldAppendsAndLeavesTheRestUntouched() {
        RecordData record = RecordData.parse(RECORD);
        record.addCustomField("text", "added").setValue("v");
        String json = record.toJson();
        assertThat(json).startsWith(RECORD.substring(0, RECORD.indexOf("],\"notes\"")));
        assertThat(json).contains("{\"type\":\"text\",\"label\":\"added\",\"value\":[\"v\"]}],\"notes\":\"n\"");
    }

    @Test
    void numbersKeepTheirValueAndWritingIsDeterministic() {
        RecordData record = RecordData.parse("{\"type\":\"t\",\"x\":[1e3,0.1,1.50,-7,9007199254740993]}");
        JsonNode x = record.property("x").orElseThrow();
        assertThat(x.get(0).decimalValue()).isEqualByComparingTo(new BigDecimal("1000"));
        assertThat(x.get(1).decimalValue()).isEqualTo(new BigDecimal("0.1"));
        assertThat(x.get(2).decimalValue()).isEqualTo(new BigDecimal("1.50"));
        assertThat(x.get(4).longValue()).isEqualTo(9007199254740993L);
        assertThat(record.toBytes()).isEqualTo(record.copy().toBytes());
        assertThat(RecordData.parse(record.toBytes())).isEqualTo(record);
    }

    @Test
    void aDecimalWithoutAFractionReadsBackEqualFromItsOwnBytes() {
        // 100.00e2 is 10000 with scale 0: written as 10000, which reads as an integer (a fuzzing find)
        RecordData record = RecordData.parse(
                "{\"type\":\"t\",\"x\":[100.00e2,1.50e1,-3.0e1,12345678901.0e1,1.0e30,1E+4,1.5e0,2.50]}");
        JsonNode x = record.property("x").orElseThrow();
        assertThat(x.get(0).isInt()).isTrue();
        assertThat(x.get(0).intValue()).isEqualTo(10000);
        assertThat(x.get(1).intValue()).isEqualTo(15);
        assertThat(x.get(2).intValue()).isEqualTo(-30);
        assertThat(x.get(3).isLong()).isTrue();
        assertThat(x.get(3).longValue()).isEqualTo(123456789010L);
        // a fraction, or an exponent the plain digits would lose, stays a decimal with its scale
        assertThat(x.get(4).decimalValue()).isEqualTo(new BigDecimal("1.0e30"));
        assertThat(x.get(5).decimalValue()).isEqualTo(new BigDecimal("1E+4"));
        assertThat(x.get(6).decimalValue()).isEqualTo(new BigDecimal("1.5"));
        assertThat(x.get(7).decimalValue()).isEqualTo(new BigDecimal("2.50"));
        RecordData again = RecordData.parse(record.toBytes());
        assertThat(again).isEqualTo(record);
        assertThat(again.toBytes()).isEqualTo(record.toBytes());
    }

    @Test
    void keeperSpacePaddingIsAccepted() {
        String padded = RECORD + " ".repeat(384);
        assertThat(RecordData.parse(padded).toJson()).isEqualTo(RECORD);
    }
}
