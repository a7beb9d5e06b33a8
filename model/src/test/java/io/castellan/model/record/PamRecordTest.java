package io.castellan.model.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PamRecordTest {

    private static final String MACHINE = """
            {"type":"pamMachine","title":"SSH Machine","fields":[
              {"type":"pamHostname","required":true,"value":[{"hostName":"server-1","port":"2222","extra":"kept"}]},
              {"type":"login","value":["admin"]},
              {"type":"password","value":[]},
              {"type":"secret","label":"privatePEMKey","value":["-----BEGIN OPENSSH PRIVATE KEY-----"]},
              {"type":"text","label":"operatingSystem","value":["linux"]},
              {"type":"checkbox","label":"sslVerification","value":[true]},
              {"type":"script","label":"rotationScripts","value":[{"fileRef":"F1","command":"sh","recordRef":["U1","U2"]}]},
              {"type":"recordRef","label":"admin","value":["UID-ADMIN"]}
            ],"custom":[{"type":"recordRef","value":["UID-OTHER"]}]}""";

    @Test
    void readsPamFields() {
        PamRecord pam = PamRecord.of(RecordData.parse(MACHINE));
        assertThat(pam.hostname()).contains(new HostPort("server-1", "2222"));
        assertThat(pam.hostname().orElseThrow().portNumber()).isEqualTo(OptionalInt.of(2222));
        assertThat(pam.login()).contains("admin");
        assertThat(pam.password()).isEmpty();
        assertThat(pam.privatePemKey()).contains("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(pam.secret("Private PEM Key")).as("display label works").isPresent();
        assertThat(pam.text("operatingSystem")).contains("linux");
        assertThat(pam.checkbox("sslVerification")).contains(true);
        assertThat(pam.checkbox("missing")).isEmpty();
        assertThat(pam.scripts("rotationScripts")).containsExactly(new RotationScript("F1", "sh", List.of("U1", "U2")));
        assertThat(pam.recordRefs(null)).containsExactly("UID-ADMIN", "UID-OTHER");
        assertThat(pam.recordRefs("admin")).containsExactly("UID-ADMIN");
    }

    @Test
    void writesPamFieldsKeepingOtherKeys() {
        RecordData record = RecordData.parse(MACHINE);
        PamRecord pam = PamRecord.of(record);
        pam.setHostname(HostPort.of("server-2", 22));
        pam.setPassword("n3w");
        pam.setCheckbox("sslVerification", false);
        pam.setCheckbox("newBox", true);
        pam.setText("instanceId", "i-123");
        pam.setPrivatePemKey("PEM2");

        assertThat(record.findField("pamHostname").orElseThrow().firstValueAsString())
                .contains("{\"hostName\":\"server-2\",\"port\":\"22\",\"extra\":\"kept\"}");
        assertThat(pam.password()).contains("n3w");
        assertThat(pam.checkbox("sslVerification")).contains(false);
        assertThat(pam.checkbox("newBox")).contains(true);
        assertThat(pam.text("instanceId")).contains("i-123");
        assertThat(pam.privatePemKey()).contains("PEM2");
        assertThat(record.fields()).hasSize(10);
    }

    @Test
    void hostnameIsAddedWhenMissingAndHostFieldIsUsedForServerCredentials() {
        RecordData user = RecordData.create("pamMachine", "m");
        PamRecord.of(user).setHostname(new HostPort("h", ""));
        assertThat(user.toJson()).contains("{\"type\":\"pamHostname\",\"value\":[{\"hostName\":\"h\",\"port\":\"\"}]}");

        RecordData server = RecordData.parse("{\"type\":\"serverCredentials\",\"fields\":[{\"type\":\"host\",\"value\":[{\"hostName\":\"s\",\"port\":\"22\"}]}]}");
        assertThat(PamRecord.of(server).hostname()).contains(new HostPort("s", "22"));
    }

    @Test
    void pamResourcesOfAConfiguration() {
        RecordData config = RecordData.parse("""
                {"type":"pamNetworkConfiguration","title":"net","fields":[
                  {"type":"pamResources","value":[{"controllerUid":"GW","folderUid":"F","resourceRef":["R1","R2"]}]},
                  {"type":"schedule","label":"defaultRotationSchedule","value":[{"type":"ON_DEMAND"}]}]}""");
        assertThat(PamRecord.of(config).pamResources()).contains(new PamResources("GW", "F", List.of("R1", "R2")));
        assertThat(PamRecord.of(RecordData.create("pamUser", "u")).pamResources()).isEmpty();
    }

    @Test
    void wrongShapesReadAsAbsent() {
        RecordData odd = RecordData.parse("{\"type\":\"pamMachine\",\"fields\":["
                + "{\"type\":\"pamHostname\",\"value\":[\"not-an-object\"]},"
                + "{\"type\":\"checkbox\",\"label\":\"c\",\"value\":[\"true\"]}]}");
        assertThat(PamRecord.of(odd).hostname()).isEmpty();
        assertThat(PamRecord.of(odd).checkbox("c")).isEmpty();
    }

    @Test
    void portNumberParsing() {
        assertThat(new HostPort("h", "65535").portNumber()).isEqualTo(OptionalInt.of(65535));
        assertThat(new HostPort("h", "65536").portNumber()).isEmpty();
        assertThat(new HostPort("h", "0").portNumber()).isEmpty();
        assertThat(new HostPort("h", "").portNumber()).isEmpty();
        assertThat(new HostPort("h", "22a").portNumber()).isEmpty();
        assertThat(new HostPort("h", "99999999999").portNumber()).isEmpty();
    }
}
