package io.castellan.model.recordtype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.InvalidRecordException;
import io.castellan.model.record.RecordData;
import io.castellan.model.recordtype.ValidationIssue.Severity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {

    private static final String SECRET = "Zx9-TOP-SECRET-42";

    private final RecordTypes types = RecordTypes.builtIn();
    private final RecordValidator validator = RecordValidator.builtIn();

    @Test
    void aGeneratedSampleOfEveryTypeValidatesCleanly() {
        assertThat(types.recordTypes()).extracting(RecordTypeDefinition::name)
                .containsAll(RecordTypesTest.EXPECTED.keySet());
        for (RecordTypeDefinition type : types.recordTypes()) {
            ValidationReport report = validator.validate(SampleRecords.sample(types, type));
            assertThat(report.issues()).as(type.name()).isEmpty();
            assertThat(report.isValid()).isTrue();
        }
    }

    @Test
    void realisticPamRecordsValidate() {
        List<String> samples = List.of(
                """
                {"type":"pamMachine","title":"SSH Machine","fields":[
                  {"type":"pamHostname","required":true,"value":[{"hostName":"server-ssh-1","port":"2222"}]},
                  {"type":"trafficEncryptionSeed","value":[]},
                  {"type":"pamSettings","value":[{"connection":{"protocol":"ssh","userRecords":["U1"]},"portForward":{"port":"2222","reusePort":true}}]}]}""",
                """
                {"type":"pamUser","title":"SSH Admin","fields":[
                  {"type":"login","required":true,"value":["linuxuser"]},
                  {"type":"password","value":[]},
                  {"type":"secret","label":"privatePEMKey","value":["-----BEGIN OPENSSH PRIVATE KEY-----"]}]}""",
                """
                {"type":"pamDatabase","title":"pg","fields":[
                  {"type":"pamHostname","value":[{"hostName":"db","port":5432}]},
                  {"type":"checkbox","label":"useSSL","value":[true]},
                  {"type":"databaseType","value":["postgresql"]}]}""",
                """
                {"type":"pamNetworkConfiguration","title":"net","fields":[
                  {"type":"pamResources","value":[{"controllerUid":"GW","folderUid":"F","resourceRef":[]}]},
                  {"type":"schedule","label":"defaultRotationSchedule","value":[{"type":"CRON","cron":"0 0 * * *","tz":"Etc/UTC"}]}]}""",
                """
                {"type":"pamAwsConfiguration","title":"aws","fields":[
                  {"type":"pamResources","value":[{"controllerUid":"GW","folderUid":"F"}]},
                  {"type":"schedule","label":"Default Rotation Schedule","value":[{"type":"ON_DEMAND"}]},
                  {"type":"text","label":"AWS Id","value":["acct"]},
                  {"type":"secret","label":"Access Key Id","value":["AKIA"]},
                  {"type":"secret","label":"Access Secret Key","value":["k"]}]}""");
        for (String json : samples) {
            ValidationReport report = validator.validate(RecordData.parse(json));
            assertThat(report.issues()).as(json).isEmpty();
        }
    }

    @Test
    void missingRequiredFieldNamesTypeAndField() {
        RecordData record = RecordData.parse("{\"type\":\"pamMachine\",\"title\":\"m\",\"fields\":[{\"type\":\"login\",\"value\":[\"a\"]}]}");
        assertThat(errors(record)).containsExactly("pamMachine: field pamHostname: required field is missing");

        RecordData aws = RecordData.parse("""
                {"type":"pamAwsConfiguration","title":"aws","fields":[
                  {"type":"pamResources","value":[{"controllerUid":"GW"}]},
                  {"type":"schedule","label":"defaultRotationSchedule","value":[{"type":"ON_DEMAND"}]},
                  {"type":"text","label":"awsId","value":["acct"]},
                  {"type":"secret","label":"accessKeyId","value":["AKIA"]},
                  {"type":"secret","label":"accessSecretKey","value":[]}]}""");
        assertThat(errors(aws)).containsExactly("pamAwsConfiguration: field secret:accessSecretKey: required field is empty");
    }

    @Test
    void emptyRequiredValueIsAnError() {
        RecordData user = RecordData.parse("{\"type\":\"pamUser\",\"fields\":[{\"type\":\"login\",\"value\":[\" \"]}]}");
        assertThat(errors(user)).containsExactly("pamUser: field login: required field is empty");
        RecordData blankHost = RecordData.parse("{\"type\":\"pamMachine\",\"fields\":[{\"type\":\"pamHostname\",\"value\":[{\"hostName\":\"\",\"port\":\"\"}]}]}");
        assertThat(errors(blankHost)).containsExactly("pamMachine: field pamHostname: required field is empty");
    }

    @Test
    void badPortsNameTypeFieldAndPort() {
        assertThat(errors(database("\"99999\""))).containsExactly("pamDatabase: field pamHostname: port \"99999\" is out of range 1-65535");
        assertThat(errors(database("0"))).containsExactly("pamDatabase: field pamHostname: port 0 is out of range 1-65535");
        assertThat(errors(database("\"ssh\""))).containsExactly("pamDatabase: field pamHostname: port \"ssh\" is not a port number (1-65535)");
        assertThat(errors(database("true"))).containsExactly("pamDatabase: field pamHostname: port must be a number or a string, got a boolean");
        assertThat(errors(database("22.5"))).containsExactly("pamDatabase: field pamHostname: port must be a number or a string, got a number");
        assertThat(errors(database("\"65535\""))).isEmpty();
        assertThat(errors(database("\"\""))).as("unset port").isEmpty();
        assertThat(errors(database("null"))).isEmpty();
    }

    @Test
    void badCheckboxNamesTypeAndField() {
        RecordData record = RecordData.parse("{\"type\":\"pamDatabase\",\"fields\":["
                + "{\"type\":\"checkbox\",\"label\":\"useSSL\",\"value\":[\"true\"]}],"
                + "\"custom\":[{\"type\":\"checkbox\",\"label\":\"extra\",\"value\":[1]}]}");
        assertThat(errors(record)).containsExactly(
                "pamDatabase: field checkbox:useSSL: expected a boolean (true or false), got a string",
                "pamDatabase: field checkbox:extra: expected a boolean (true or false), got a number");
    }

    @Test
    void otherShapeErrors() {
        RecordData record = RecordData.parse("""
                {"type":"pamNetworkConfiguration","fields":[
                  {"type":"pamResources","value":[{"controllerUid":"GW","resourceRef":"R1"}]},
                  {"type":"schedule","label":"defaultRotationSchedule","value":[{"type":"CRON"}]},
                  {"type":"text","label":"networkId","value":["a", 5]}]}""");
        assertThat(errors(record)).containsExactly(
                "pamNetworkConfiguration: field pamResources: resourceRef must be an array of strings, got a string",
                "pamNetworkConfiguration: field schedule:defaultRotationSchedule: a CRON schedule needs a cron expression",
                "pamNetworkConfiguration: field text:networkId: value 2: expected a string, got a number");
    }

    @Test
    void secretValuesNeverAppearInMessages() {
        RecordData record = RecordData.parse("""
                {"type":"pamUser","fields":[
                  {"type":"login","value":[{"user":"%1$s"}]},
                  {"type":"password","value":[{"p":"%1$s"}]},
                  {"type":"secret","label":"privatePEMKey","value":[["%1$s"]]},
                  {"type":"oneTimeCode","value":[%2$s]},
                  {"type":"keyPair","value":["%1$s"]},
                  {"type":"checkbox","label":"managed","value":["%1$s"]},
                  {"type":"futureSecretType","value":["%1$s"]}],
                 "custom":[{"type":"password","label":"extra","value":[{"port":"%1$s"}]},
                           {"type":"paymentCard","value":[{"cardNumber":["%1$s"]}]}]}"""
                .formatted(SECRET, "12345678901234567"));
        ValidationReport report = validator.validate(record);
        assertThat(report.errors()).hasSize(8);
        assertThat(report.warnings()).hasSize(2);
        List<String> texts = new ArrayList<>();
        report.issues().forEach(i -> texts.add(i.message()));
        report.issues().forEach(i -> texts.add(i.toString()));
        try {
            report.throwIfInvalid();
        } catch (InvalidRecordException e) {
            texts.add(e.getMessage());
            texts.addAll(e.details().values());
        }
        assertThat(texts).isNotEmpty().noneMatch(t -> t.contains(SECRET) || t.contains("12345678901234567"));
    }

    @Test
    void sensitiveObjectFieldsDoNotEchoEvenPorts() {
        RecordTypes custom = RecordTypes.load(new ByteArrayInputStream("""
                {"fieldTypes":{"vaultHost":{"value":"object","sensitive":true,"keys":{"port":"port"}}},
                 "recordTypes":[{"name":"t","recordVersion":3,"fields":[{"type":"vaultHost"}]}]}"""
                .getBytes(StandardCharsets.UTF_8)));
        RecordData record = RecordData.parse("{\"type\":\"t\",\"fields\":[{\"type\":\"vaultHost\",\"value\":[{\"port\":\"77777\"}]}]}");
        assertThat(new RecordValidator(custom).validate(record).errors()).extracting(ValidationIssue::message)
                .containsExactly("t: field vaultHost: port is out of range 1-65535");
    }

    @Test
    void unknownFieldTypesAndExtraFieldsAreWarningsNotErrors() {
        RecordData record = RecordData.parse("""
                {"type":"pamUser","fields":[
                  {"type":"login","value":["u"]},
                  {"type":"futureType","label":"f","value":[{"anything":1}]},
                  {"type":"url","value":["https://x"]}],
                 "custom":[{"type":"text","label":"free","value":["ok"]}]}""");
        ValidationReport report = validator.validate(record);
        assertThat(report.isValid()).isTrue();
        assertThat(report.warnings()).extracting(ValidationIssue::message).containsExactly(
                "pamUser: field futureType:f: unknown field type; kept as is",
                "pamUser: field url: not part of the pamUser layout; kept as is");
    }

    @Test
    void unknownOrMissingRecordTypeIsAnError() {
        ValidationReport unknown = validator.validate(RecordData.parse("{\"type\":\"pamQuantumComputer\",\"fields\":[]}"));
        assertThat(unknown.errors()).extracting(ValidationIssue::message)
                .containsExactly("pamQuantumComputer: unknown record type \"pamQuantumComputer\"");
        ValidationReport none = validator.validate(RecordData.parse("{\"title\":\"t\"}"));
        assertThat(none.errors()).extracting(ValidationIssue::message).containsExactly("record: the record has no type");
    }

    @Test
    void unlabelledSlotDoesNotStealALabelledField() {
        RecordData record = RecordData.parse("""
                {"type":"pamUser","fields":[
                  {"type":"login","label":"other","value":["x"]},
                  {"type":"login","value":[]}]}""");
        assertThat(errors(record)).as("the unlabelled login is the slot; it is empty")
                .containsExactly("pamUser: field login: required field is empty");
    }

    @Test
    void throwIfInvalidCarriesCodeAndDetails() {
        RecordData record = RecordData.parse("{\"type\":\"pamAzureConfiguration\",\"fields\":[]}");
        assertThatThrownBy(() -> validator.validate(record).throwIfInvalid())
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).isEqualTo("pamAzureConfiguration: field pamResources: required field is missing (and 6 more)");
                    assertThat(e.detail("recordType")).contains("pamAzureConfiguration");
                    assertThat(e.detail("field")).contains("pamResources");
                });
        assertThat(validator.validate(record).errors()).allMatch(i -> i.severity() == Severity.ERROR);
    }

    private RecordData database(String port) {
        return RecordData.parse("{\"type\":\"pamDatabase\",\"fields\":[{\"type\":\"pamHostname\",\"value\":[{\"hostName\":\"db\",\"port\":" + port + "}]}]}");
    }

    private List<String> errors(RecordData record) {
        return validator.validate(record).errors().stream().map(ValidationIssue::message).toList();
    }
}
