package io.castellan.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.SecretBytes;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordData;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VaultObjectCryptoTest {

    @Test
    void recordsRoundTripUnderTheirOwnKey() {
        RecordData record = RecordData.create("pamUser", "db admin");
        record.setFieldValue("login", null, "postgres");
        record.setFieldValue("password", null, "Tr0ub4dor&3");
        record.setNotes("rotated weekly");
        try (SecretBytes key = RecordCrypto.newRecordKey()) {
            byte[] data = RecordCrypto.encrypt(record, key.bytes());
            assertThat(new String(data, StandardCharsets.ISO_8859_1)).doesNotContain("Tr0ub4dor");
            assertThat(RecordCrypto.decrypt(data, key.bytes())).isEqualTo(record);
            assertThat(new String(Aes256Gcm.decrypt(key.bytes(), data), StandardCharsets.UTF_8))
                    .as("the plaintext is the record JSON v3").startsWith("{\"title\":\"db admin\",\"type\":\"pamUser\"");
        }
    }

    @Test
    void aRecordUnderTheWrongKeyOrTamperedIsRefused() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] data = RecordCrypto.encrypt(RecordData.create("login", "t"), key);
        data[data.length - 1] ^= 1;
        assertThatThrownBy(() -> RecordCrypto.decrypt(data, key)).isInstanceOfSatisfying(CastellanException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_CORRUPT));
        assertThatThrownBy(() -> RecordCrypto.decrypt(RecordCrypto.encrypt(RecordData.create("login", "t"), key),
                CastellanRandom.bytes(32))).isInstanceOf(CastellanException.class);
    }

    @Test
    void folderNamesRoundTripAsNameJson() {
        byte[] key = CastellanRandom.bytes(32);
        byte[] data = FolderCrypto.encryptName("Prod / DBs ✓", key);
        assertThat(new String(Aes256Gcm.decrypt(key, data), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"Prod / DBs ✓\"}");
        assertThat(FolderCrypto.decryptName(data, key)).isEqualTo("Prod / DBs ✓");
        assertThatThrownBy(() -> FolderCrypto.decryptName(data, CastellanRandom.bytes(32)))
                .isInstanceOf(CastellanException.class);
        byte[] noName = Aes256Gcm.encrypt(key, "{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> FolderCrypto.decryptName(noName, key)).hasMessageContaining("no name");
    }

    @Test
    void attachmentsRoundTripThroughFileKeyMetaAndData() {
        byte[] recordKey = CastellanRandom.bytes(32);
        byte[] content = "-----BEGIN OPENSSH PRIVATE KEY-----".getBytes(StandardCharsets.UTF_8);
        try (SecretBytes fileKey = AttachmentCrypto.newFileKey()) {
            AttachmentMeta meta = new AttachmentMeta("id_ed25519", "deploy key", "text/plain", content.length);
            byte[] wrapped = AttachmentCrypto.wrapFileKey(fileKey.bytes(), recordKey);
            byte[] encMeta = AttachmentCrypto.encryptMeta(meta, fileKey.bytes());
            byte[] encData = AttachmentCrypto.encryptData(content, fileKey.bytes());

            byte[] opened = AttachmentCrypto.unwrapFileKey(wrapped, recordKey);
            assertThat(opened).isEqualTo(fileKey.bytes());
            assertThat(AttachmentCrypto.decryptMeta(encMeta, opened)).isEqualTo(meta);
            assertThat(AttachmentCrypto.decryptData(encData, opened)).isEqualTo(content);
            assertThat(new String(Aes256Gcm.decrypt(opened, encMeta), StandardCharsets.UTF_8))
                    .contains("\"name\":\"id_ed25519\"", "\"title\":\"deploy key\"", "\"type\":\"text/plain\"",
                            "\"size\":" + content.length);
            assertThatThrownBy(() -> AttachmentCrypto.unwrapFileKey(wrapped, CastellanRandom.bytes(32)))
                    .isInstanceOf(CastellanException.class);
            assertThatThrownBy(() -> AttachmentCrypto.decryptData(encData, CastellanRandom.bytes(32)))
                    .isInstanceOf(CastellanException.class);
        }
    }
}
