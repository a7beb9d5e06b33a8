package io.castellan.client.crypto;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordData;

/**
 * A record's own encryption: {@code data = AES-GCM(recordKey, record JSON v3)} with a fresh 32-byte record key per
 * record. The record key itself is wrapped with {@link KeyWrap}.
 */
public final class RecordCrypto {

    /** Length of a record key. */
    public static final int KEY_LENGTH = 32;

    private RecordCrypto() {
    }

    /** @return a fresh random record key; close it to wipe */
    public static SecretBytes newRecordKey() {
        return SecretBytes.random(KEY_LENGTH);
    }

    /** @return {@code AES-GCM(recordKey, UTF-8 record JSON)}; the plaintext copy is wiped */
    public static byte[] encrypt(RecordData record, byte[] recordKey) {
        byte[] json = record.toBytes();
        try {
            return Aes256Gcm.encrypt(recordKey, json);
        } finally {
            Wipe.wipe(json);
        }
    }

    /**
     * @param data the record's ciphertext
     * @param recordKey its key
     * @return the decrypted record
     * @throws CastellanException ({@link ErrorCode#STORE_CORRUPT}) when it does not decrypt or is not a record
     */
    public static RecordData decrypt(byte[] data, byte[] recordKey) {
        byte[] json;
        try {
            json = Aes256Gcm.decrypt(recordKey, data);
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.STORE_CORRUPT, "the record data does not decrypt with its key");
        }
        try {
            return RecordData.parse(json);
        } finally {
            Wipe.wipe(json);
        }
    }
}
