package io.castellan.model.recordtype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built-in layouts must match ksm-protocol.md §3 and ksm-default-record-types.yml; the
 * expected lists below were typed from those references ("!" marks required).
 */
class RecordTypesTest {

    static final Map<String, List<String>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("pamMachine", List.of("pamHostname!", "login", "password", "script:rotationScripts",
                "secret:privatePEMKey", "text:operatingSystem", "checkbox:sslVerification", "text:instanceName",
                "text:instanceId", "text:providerGroup", "text:providerRegion", "fileRef", "oneTimeCode",
                "pamSettings", "trafficEncryptionSeed"));
        EXPECTED.put("pamDatabase", List.of("pamHostname", "checkbox:useSSL", "login", "password",
                "script:rotationScripts", "text:connectDatabase", "text:databaseId", "databaseType",
                "text:providerGroup", "text:providerRegion", "fileRef", "oneTimeCode", "pamSettings"));
        EXPECTED.put("pamDirectory", List.of("pamHostname", "checkbox:useSSL", "login", "password",
                "script:rotationScripts", "text:distinguishedName", "text:domainName", "multiline:alternativeIPs",
                "text:directoryId", "directoryType", "text:userMatch", "text:providerGroup", "text:providerRegion",
                "fileRef", "oneTimeCode", "pamSettings"));
        EXPECTED.put("pamRemoteBrowser", List.of("rbiUrl", "pamRemoteBrowserSettings", "trafficEncryptionSeed",
                "fileRef", "oneTimeCode"));
        EXPECTED.put("pamUser", List.of("login!", "password", "script:rotationScripts", "secret:privatePEMKey",
                "text:distinguishedName", "text:connectDatabase", "checkbox:managed", "fileRef", "oneTimeCode"));
        EXPECTED.put("pamNetworkConfiguration", List.of("pamResources!", "schedule:defaultRotationSchedule!",
                "text:networkId", "text:networkCIDR", "multiline:portMapping", "script:rotationScripts", "fileRef"));
        EXPECTED.put("pamAwsConfiguration", List.of("pamResources!", "schedule:defaultRotationSchedule!",
                "text:awsId!", "secret:accessKeyId!", "secret:accessSecretKey!", "multiline:regionNames",
                "multiline:portMapping", "script:rotationScripts", "fileRef"));
        EXPECTED.put("pamAzureConfiguration", List.of("pamResources!", "schedule:defaultRotationSchedule!",
                "text:azureId!", "secret:clientId!", "secret:clientSecret!", "secret:subscriptionId!",
                "secret:tenantId!", "multiline:resourceGroups", "multiline:portMapping", "script:rotationScripts",
                "fileRef"));
        EXPECTED.put("login", List.of("passkey", "login", "password", "url", "fileRef", "oneTimeCode"));
        EXPECTED.put("serverCredentials", List.of("host", "login", "password", "fileRef"));
        EXPECTED.put("databaseCredentials", List.of("text:type", "host", "login", "password", "fileRef"));
        EXPECTED.put("general", List.of("login", "password", "url", "oneTimeCode", "fileRef"));
    }

    private final RecordTypes types = RecordTypes.builtIn();

    @Test
    void everyRequiredTypeHasTheReferenceLayout() {
        assertThat(EXPECTED).hasSize(12);
        EXPECTED.forEach((name, expected) -> {
            RecordTypeDefinition type = types.recordType(name).orElseThrow(() -> new AssertionError(name + " missing"));
            List<String> actual = type.fields().stream()
                    .map(f -> f.displayName() + (f.required() ? "!" : "")).toList();
            assertThat(actual).as(name).containsExactlyElementsOf(expected);
        });
    }

    @Test
    void pamConfigurationsAreVersion6RecordsAndOthersVersion3() {
        for (RecordTypeDefinition type : types.recordTypes()) {
            int expected = type.name().matches("pam.*Configuration") ? 6 : 3;
            assertThat(type.recordVersion()).as(type.name()).isEqualTo(expected);
            assertThat(type.description()).as(type.name()).isNotBlank();
        }
    }

    @Test
    void displayLabelsFollowTheKsmHelper() {
        FieldDefinition pem = types.recordType("pamMachine").orElseThrow().fields().get(4);
        assertThat(pem.displayLabel()).isEqualTo("Private PEM Key");
        FieldDefinition aws = types.recordType("pamAwsConfiguration").orElseThrow().fields().get(2);
        assertThat(aws.displayLabel()).isEqualTo("AWS Id");
        assertThat(types.recordType("pamUser").orElseThrow().requiredFields())
                .extracting(FieldDefinition::type).containsExactly("login");
    }

    @Test
    void fieldTypesDescribeValueShapes() {
        FieldTypeDefinition host = types.fieldType("pamHostname").orElseThrow();
        assertThat(host.value()).isEqualTo(ValueShape.OBJECT);
        assertThat(host.keys()).containsEntry("hostName", ValueShape.STRING).containsEntry("port", ValueShape.PORT);
        assertThat(types.fieldType("checkbox").orElseThrow().value()).isEqualTo(ValueShape.BOOLEAN);
        assertThat(types.fieldType("script").orElseThrow().keys())
                .containsOnlyKeys("fileRef", "command", "recordRef").containsEntry("recordRef", ValueShape.STRING_ARRAY);
        assertThat(types.fieldType("birthDate").orElseThrow().value()).isEqualTo(ValueShape.NUMBER);
    }

    @Test
    void secretFieldTypesAreSensitiveAndUnknownTypesCountAsSensitive() {
        for (String secret : List.of("password", "secret", "oneTimeCode", "otp", "pinCode", "keyPair",
                "paymentCard", "securityQuestion", "passkey", "trafficEncryptionSeed", "note")) {
            assertThat(types.isSensitive(secret)).as(secret).isTrue();
        }
        for (String plain : List.of("login", "text", "pamHostname", "checkbox", "url")) {
            assertThat(types.isSensitive(plain)).as(plain).isFalse();
        }
        assertThat(types.isSensitive("someFutureType")).isTrue();
    }

    @Test
    void everyFieldTypeUsedByARecordTypeIsDefined() {
        for (RecordTypeDefinition type : types.recordTypes()) {
            for (FieldDefinition field : type.fields()) {
                assertThat(types.fieldType(field.type())).as(type.name() + " " + field.type()).isPresent();
            }
        }
    }

    @Test
    void loadRejectsInconsistentDefinitions() {
        assertThatThrownBy(() -> load("{\"fieldTypes\":{},\"recordTypes\":[{\"name\":\"t\",\"recordVersion\":3,"
                + "\"fields\":[{\"type\":\"nope\"}]}]}"))
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("undefined field type nope");
                });
        assertThatThrownBy(() -> load("{\"fieldTypes\":{\"a\":{\"value\":\"port\"}}}"))
                .hasMessageContaining("not a field value shape");
        assertThatThrownBy(() -> load("{\"fieldTypes\":{\"a\":{\"value\":\"string\",\"bogus\":1}}}"))
                .hasMessageContaining("unknown property 'bogus'");
        assertThatThrownBy(() -> load("{\"recordTypes\":[{\"name\":\"t\",\"recordVersion\":3,\"fields\":[]},"
                + "{\"name\":\"t\",\"recordVersion\":3,\"fields\":[]}]}"))
                .hasMessageContaining("defined twice");
    }

    private static RecordTypes load(String json) {
        return RecordTypes.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
