package io.castellan.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.SecretBytes;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import java.io.IOException;

/**
 * Attachment encryption ({@code docs/api.md} "Keys"): a random {@code fileKey} per file;
 * {@code encryptedMeta = AES-GCM(fileKey, {"name","title","type","size"})}, {@code data = AES-GCM(fileKey, bytes)},
 * {@code encryptedFileKey = AES-GCM(recordKey, fileKey)}. Anyone who can open the record can open its files.
 */
public final class AttachmentCrypto {

    /** Length of a file key. */
    public static final int KEY_LENGTH = 32;

    private static final ObjectMapper MAPPER = Json.newMapper();

    private AttachmentCrypto() {
    }

    /** @return a fresh random file key; close it to wipe */
    public static SecretBytes newFileKey() {
        return SecretBytes.random(KEY_LENGTH);
    }

    /** @return {@code AES-GCM(recordKey, fileKey)} */
    public static byte[] wrapFileKey(byte[] fileKey, byte[] recordKey) {
        return Aes256Gcm.encrypt(recordKey, fileKey);
    }

    /** @return the file key; the caller wipes it */
    public static byte[] unwrapFileKey(byte[] encryptedFileKey, byte[] recordKey) {
        try {
            return Aes256Gcm.decrypt(recordKey, encryptedFileKey);
        } catch (CryptoException e) {
            throw corrupt("the attachment's file key does not open with the record key");
        }
    }

    /** @return {@code AES-GCM(fileKey, {"name","title","type","size"})} */
    public static byte[] encryptMeta(AttachmentMeta meta, byte[] fileKey) {
        try {
            return Aes256Gcm.encrypt(fileKey, MAPPER.writeValueAsBytes(MAPPER.createObjectNode()
                    .put("name", meta.name()).put("title", meta.title()).put("type", meta.type())
                    .put("size", meta.size())));
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "cannot encode attachment metadata");
        }
    }

    /** @return the decrypted metadata (unknown properties ignored) */
    public static AttachmentMeta decryptMeta(byte[] encryptedMeta, byte[] fileKey) {
        try {
            JsonNode node = MAPPER.readTree(Aes256Gcm.decrypt(fileKey, encryptedMeta));
            if (node == null || !node.path("name").isTextual()) {
                throw corrupt("the attachment metadata has no name");
            }
            return new AttachmentMeta(node.get("name").textValue(), node.path("title").textValue(),
                    node.path("type").textValue(), Math.max(0, node.path("size").asLong(0)));
        } catch (CryptoException | IOException e) {
            throw corrupt("the attachment metadata does not decrypt with its key");
        }
    }

    /** @return {@code AES-GCM(fileKey, bytes)} */
    public static byte[] encryptData(byte[] bytes, byte[] fileKey) {
        return Aes256Gcm.encrypt(fileKey, bytes);
    }

    /** @return the file's bytes */
    public static byte[] decryptData(byte[] data, byte[] fileKey) {
        try {
            return Aes256Gcm.decrypt(fileKey, data);
        } catch (CryptoException e) {
            throw corrupt("the attachment does not decrypt with its key");
        }
    }

    private static CastellanException corrupt(String message) {
        return new CastellanException(ErrorCode.STORE_CORRUPT, message);
    }
}
