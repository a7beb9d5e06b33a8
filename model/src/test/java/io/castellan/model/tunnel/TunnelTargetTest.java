package io.castellan.model.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.record.RecordData;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Where a tunnel goes: the record's port, else the port mapping's port for its protocol, else the standard port. */
class TunnelTargetTest {

    private static RecordData record(String type, String port, String extraField) {
        return RecordData.parse("{\"type\":\"" + type + "\",\"title\":\"t\",\"fields\":[{\"type\":\"pamHostname\","
                + "\"value\":[{\"hostName\":\" db.example \",\"port\":\"" + port + "\"}]}" + extraField + "]}");
    }

    private static SortedMap<Integer, String> mapping(Object... portProtocol) {
        SortedMap<Integer, String> m = new TreeMap<>();
        for (int i = 0; i < portProtocol.length; i += 2) {
            m.put((Integer) portProtocol[i], (String) portProtocol[i + 1]);
        }
        return m;
    }

    @Test
    void theRecordsOwnPortWinsOverTheMapping() {
        TunnelTarget t = TunnelTarget.of(record("pamMachine", "2200", ""), mapping(2222, "ssh"));
        assertThat(t.host()).isEqualTo("db.example");
        assertThat(t.port()).isEqualTo(2200);
    }

    @Test
    void aRecordWithoutAPortTakesTheLowestPortMappedToItsProtocol() {
        assertThat(TunnelTarget.of(record("pamMachine", "", ""), mapping(3390, "rdp", 2223, "ssh", 2222, "ssh"))
                .port()).isEqualTo(2222);
        String mysql = ",{\"type\":\"databaseType\",\"value\":[\"MariaDB\"]}";
        assertThat(TunnelTarget.of(record("pamDatabase", "", mysql), mapping(13306, "mysql")).port())
                .isEqualTo(13306);
        String cockroach = ",{\"type\":\"databaseType\",\"value\":[\"cockroach\"]}";
        assertThat(TunnelTarget.of(record("pamDatabase", "", cockroach), mapping(26257, "cockroach")).port())
                .isEqualTo(26257);
        String ldaps = ",{\"type\":\"checkbox\",\"label\":\"useSSL\",\"value\":[true]}";
        assertThat(TunnelTarget.of(record("pamDirectory", "", ldaps), mapping(3269, "ldaps", 3268, "ldap")).port())
                .isEqualTo(3269);
    }

    @Test
    void withoutAMappedPortTheProtocolsStandardPortIsUsed() {
        assertThat(TunnelTarget.of(record("pamMachine", "", ""), mapping(3390, "rdp")).port()).isEqualTo(22);
        assertThat(TunnelTarget.of(record("pamDirectory", "", "")).port()).isEqualTo(389);
        String cockroach = ",{\"type\":\"databaseType\",\"value\":[\"cockroach\"]}";
        assertThatThrownBy(() -> TunnelTarget.of(record("pamDatabase", "", cockroach), mapping(2222, "ssh")))
                .hasMessageContaining("no port");
    }

    @Test
    void otherRecordTypesAreRefused() {
        assertThatThrownBy(() -> TunnelTarget.of(record("login", "22", ""), mapping()))
                .hasMessageContaining("not to a login");
    }

    @Test
    void theMappingTravelsInJobArgumentsUnchanged() {
        SortedMap<Integer, String> big = new TreeMap<>();
        for (int i = 0; i < TunnelPortMapping.MAX_ENTRIES; i++) {
            big.put(60000 + i, "protocol-with-a-long-name-" + i);
        }
        Map<String, String> args = TunnelPortMapping.toArgs(big);
        assertThat(args).hasSizeGreaterThan(1);
        assertThat(args.values()).allSatisfy(v -> assertThat(v.length()).isLessThanOrEqualTo(1024));
        assertThat(TunnelPortMapping.fromArgs(args)).isEqualTo(big);
        assertThat(TunnelPortMapping.fromArgs(Map.of("tunnelId", "x"))).isEmpty();
        assertThatThrownBy(() -> TunnelPortMapping.fromArgs(Map.of("portMapping.0", "70000=ssh")))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> TunnelPortMapping.fromArgs(Map.of("portMapping.0", "22=SSH;rm")))
                .hasMessageContaining("malformed");
    }
}
