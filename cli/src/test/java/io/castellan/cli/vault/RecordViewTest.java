package io.castellan.cli.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.client.crypto.KeyType;
import io.castellan.client.vault.VaultRecord;
import io.castellan.crypto.SecretBytes;
import io.castellan.model.record.RecordData;
import io.castellan.model.recordtype.RecordTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordViewTest {

    private static VaultRecord record() {
        RecordEditor editor = new RecordEditor(RecordTypes.builtIn());
        RecordData data = editor.create("pamUser", "sa");
        editor.apply(data, List.of("login=sa", "password=Sup3rS3cret", "secret.privatePEMKey=-----BEGIN KEY",
                "c.Owner=dba team", "c.madeUpType.X=y"));
        data.setNotes("rotate monthly");
        return new VaultRecord("UID1", 4, null, "owner", KeyType.DATA_KEY, SecretBytes.random(32), data, true, true,
                null, List.of(), List.of());
    }

    @Test
    void secretsAreMaskedInTablesUnlessUnmasked() {
        String masked = new RecordView(RecordTypes.builtIn(), false).rows(record(), "/").toString();
        assertThat(masked).contains("[login, sa]", "[password, ********]", "[secret:privatePEMKey, ********]",
                "[text:Owner, dba team]", "[Notes, rotate monthly]", "[Revision, 4]")
                .doesNotContain("Sup3rS3cret", "BEGIN KEY");
        String clear = new RecordView(RecordTypes.builtIn(), true).rows(record(), "/").toString();
        assertThat(clear).contains("[password, Sup3rS3cret]", "[secret:privatePEMKey, -----BEGIN KEY]");
    }

    @Test
    void secretsAreMaskedInJsonUnlessUnmasked() {
        String masked = new RecordView(RecordTypes.builtIn(), false).json(record(), "/").toString();
        assertThat(masked).contains("\"type\":\"password\",\"value\":[\"********\"]", "\"uid\":\"UID1\"",
                "\"notes\":\"rotate monthly\"").doesNotContain("Sup3rS3cret", "BEGIN KEY");
        assertThat(new RecordView(RecordTypes.builtIn(), true).json(record(), "/").toString())
                .contains("Sup3rS3cret");
    }

    @Test
    void emptyLayoutFieldsAreLeftOutOfTheTable() {
        List<List<String>> rows = new RecordView(RecordTypes.builtIn(), false).rows(record(), "/");
        assertThat(rows).noneMatch(r -> r.get(0).equals("text:distinguishedName"));
    }

    @Test
    void attachmentNamesCannotEscapeTheOutputDirectory() {
        assertThat(DownloadAttachmentCommand.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(DownloadAttachmentCommand.safeName("C:\\Users\\x\\key.pem")).isEqualTo("key.pem");
        assertThat(DownloadAttachmentCommand.safeName("..")).isEqualTo("attachment.bin");
        assertThat(DownloadAttachmentCommand.safeName("a\nb")).isEqualTo("ab");
    }
}
