package io.castellan.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Cbc;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.SecretBytes;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import java.io.IOException;

/**
 * A folder's encryption: {@code data = AES-GCM(folderKey, {"name": …})} with a fresh 32-byte folder key per folder.
 * Unknown properties in a folder's JSON (from newer clients) are ignored on read.
 */
public final class FolderCrypto {

    /** Length of a folder key. */
    public static final int KEY_LENGTH = 32;

    private static final ObjectMapper MAPPER = Json.newMapper();

    private FolderCrypto() {
    }

    /** @return a fresh random folder key; close it to wipe */
    public static SecretBytes newFolderKey() {
        return SecretBytes.random(KEY_LENGTH);
    }

    /** @return {@code AES-GCM(folderKey, {"name": name})} */
    public static byte[] encryptName(String name, byte[] folderKey) {
        ObjectNode data = MAPPER.createObjectNode().put("name", name);
        try {
            return Aes256Gcm.encrypt(folderKey, MAPPER.writeValueAsBytes(data));
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "cannot encode folder data");
        }
    }

    /**
     * @return {@code AES-256-CBC(folderKey, {"name": name})}: the name of a folder inside a shared folder, in the form
     *     Keeper's SDKs read
     */
    public static byte[] encryptNameCbc(String name, byte[] folderKey) {
        ObjectNode data = MAPPER.createObjectNode().put("name", name);
        try {
            return Aes256Cbc.encrypt(folderKey, MAPPER.writeValueAsBytes(data));
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "cannot encode folder data");
        }
    }

    /** As {@link #decryptName}, for the AES-CBC name of a folder inside a shared folder. */
    public static String decryptNameCbc(byte[] data, byte[] folderKey) {
        try {
            return name(MAPPER.readTree(Aes256Cbc.decrypt(folderKey, data)));
        } catch (CryptoException | IOException e) {
            throw new CastellanException(ErrorCode.STORE_CORRUPT, "the folder data does not decrypt with its key");
        }
    }

    private static String name(JsonNode node) {
        JsonNode name = node == null ? null : node.get("name");
        if (name == null || !name.isTextual()) {
            throw new CastellanException(ErrorCode.STORE_CORRUPT, "the folder data has no name");
        }
        return name.textValue();
    }

    /**
     * @param data the folder's ciphertext
     * @param folderKey its key
     * @return the folder name
     * @throws CastellanException ({@link ErrorCode#STORE_CORRUPT}) when it does not decrypt or has no name
     */
    public static String decryptName(byte[] data, byte[] folderKey) {
        try {
            JsonNode node = MAPPER.readTree(Aes256Gcm.decrypt(folderKey, data));
            JsonNode name = node == null ? null : node.get("name");
            if (name == null || !name.isTextual()) {
                throw new CastellanException(ErrorCode.STORE_CORRUPT, "the folder data has no name");
            }
            return name.textValue();
        } catch (CryptoException | IOException e) {
            throw new CastellanException(ErrorCode.STORE_CORRUPT, "the folder data does not decrypt with its key");
        }
    }
}
