package io.castellan.server.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.model.ksm.ResponseFolder;
import io.castellan.model.ksm.ResponseRecord;
import io.castellan.model.ksm.SecretsManagerResponse;
import io.castellan.model.ksm.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A prepared answer is byte for byte the answer the wire mapper writes, whatever is null. */
class PreparedAnswerTest {

    private final WireJson wire = WireJson.create();

    private static ResponseRecord record(String uid, boolean editable, String innerFolder) {
        return new ResponseRecord(uid, "a2V5+/==", "ZGF0YQ==", 7L, editable, null, innerFolder, null, null);
    }

    private void assertSame(List<ResponseFolder> folders, List<ResponseRecord> records, String appData, String appKey,
            String owner, long expiresOn) {
        byte[] whole = wire.write(new SecretsManagerResponse(appData, appKey, owner, folders, records, expiresOn,
                null, null));
        byte[] prepared = PreparedAnswer.of(wire, folders, records, List.of("r")).answer(wire, appData, appKey, owner,
                expiresOn);
        assertThat(new String(prepared, StandardCharsets.UTF_8)).isEqualTo(new String(whole, StandardCharsets.UTF_8));
    }

    @Test
    void theSameBytesAsTheWholeAnswerWritten() {
        List<ResponseRecord> records = List.of(record("r1", false, null), record("r2", true, null));
        List<ResponseFolder> folders = List.of(new ResponseFolder("f1", "Zms=", null, null, true,
                List.of(record("r3", true, "sub1"))));
        assertSame(folders, records, "YXBw-_", null, null, 0);
        assertSame(null, records, "YXBw", "ZW5j", "b3duZXI=", 1_800_000_000_000L);
        assertSame(folders, null, null, null, null, 0);
        assertSame(null, null, "YXBw", null, null, 42);
    }

    @Test
    void itCarriesTheUidsServed() {
        PreparedAnswer p = PreparedAnswer.of(wire, null, List.of(record("r1", false, null)), List.of("r1"));
        assertThat(p.served()).containsExactly("r1");
        assertThat(new String(p.foldersJson(), StandardCharsets.US_ASCII)).isEqualTo("null");
    }
}
