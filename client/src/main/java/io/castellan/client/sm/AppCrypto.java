package io.castellan.client.sm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.client.crypto.KeyType;
import io.castellan.client.crypto.KeyWrap;
import io.castellan.client.keys.UserKeyring;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The cryptography of a Secrets Manager application (docs/api.md, "Secrets Manager applications"):
 *
 * <ul>
 *   <li>{@code data = AES-GCM(appKey, {"title","type":"app"})}, the JSON padded with spaces to
 *       {@value #APP_DATA_PADDED_LENGTH} bytes as Keeper does, so the ciphertext does not reveal the length of a
 *       short name (the padding is JSON whitespace: every parser ignores it);</li>
 *   <li>the owner's copy of the key: {@code AES-GCM(dataKey, appKey)} ({@code data_key});</li>
 *   <li>a member's copy: {@code ECIES(member's public key, appKey)} ({@code public_key});</li>
 *   <li>a grant: {@code AES-GCM(appKey, recordKey or sharedFolderKey)};</li>
 *   <li>a device's copy: {@code encryptedAppKey = AES-GCM(clientKey, appKey)}.</li>
 * </ul>
 */
public final class AppCrypto {

    /** Length of an application key. */
    public static final int KEY_LENGTH = 32;
    /** The application data is padded with spaces to this many bytes (Keeper's length). */
    public static final int APP_DATA_PADDED_LENGTH = 384;
    /** The {@code type} of an application's data. */
    public static final String APP_TYPE = "app";

    private static final ObjectMapper MAPPER = Json.newMapper();

    private AppCrypto() {
    }

    /** @return a fresh random application key; close it to wipe */
    public static SecretBytes newAppKey() {
        return SecretBytes.random(KEY_LENGTH);
    }

    /** @return {@code AES-GCM(appKey, {"title": title, "type": "app"})}, padded with spaces */
    public static byte[] encryptData(String title, byte[] appKey) {
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(MAPPER.createObjectNode().put("title", title).put("type", APP_TYPE));
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "cannot encode the application data");
        }
        byte[] padded = json;
        if (json.length < APP_DATA_PADDED_LENGTH) {
            padded = Arrays.copyOf(json, APP_DATA_PADDED_LENGTH);
            Arrays.fill(padded, json.length, padded.length, (byte) ' ');
            Wipe.wipe(json);
        }
        try {
            return Aes256Gcm.encrypt(appKey, padded);
        } finally {
            Wipe.wipe(padded);
        }
    }

    /**
     * @param data the application's encrypted data
     * @param appKey its key
     * @return the decrypted data
     * @throws CryptoException when it does not decrypt or is not an application's data
     */
    public static AppData decryptData(byte[] data, byte[] appKey) {
        byte[] json = Aes256Gcm.decrypt(appKey, data);
        try {
            JsonNode node = MAPPER.readTree(new String(json, StandardCharsets.UTF_8).strip());
            if (node == null || !node.isObject() || !node.path("title").isTextual()) {
                throw new CryptoException("not application data");
            }
            return new AppData(node.get("title").textValue(), node.path("type").asText(APP_TYPE));
        } catch (IOException e) {
            throw new CryptoException("application data is not JSON");
        } finally {
            Wipe.wipe(json);
        }
    }

    /** @return the owner's copy, {@code AES-GCM(dataKey, appKey)} ({@link KeyType#DATA_KEY}) */
    public static byte[] wrapForOwner(UserKeyring keyring, byte[] appKey) {
        return KeyWrap.withDataKey(keyring, appKey);
    }

    /** @return a member's copy, {@code ECIES(publicKey, appKey)} ({@link KeyType#PUBLIC_KEY}) */
    public static byte[] sealForMember(byte[] publicKey, byte[] appKey) {
        return KeyWrap.toPublicKey(publicKey, appKey);
    }

    /**
     * Opens this user's copy of an application key.
     *
     * @return the application key; the caller wipes it
     * @throws CryptoException when it does not open, or the key type is not one an application uses
     */
    public static byte[] unwrapAppKey(byte[] wrapped, KeyType type, UserKeyring keyring) {
        if (type == KeyType.FOLDER_KEY) {
            throw new CryptoException("an application key is never wrapped with a folder key");
        }
        byte[] key = KeyWrap.unwrap(wrapped, type, keyring, null);
        if (key.length != KEY_LENGTH) {
            Wipe.wipe(key);
            throw new CryptoException("an application key must be " + KEY_LENGTH + " bytes");
        }
        return key;
    }

    /** @return a grant's key, {@code AES-GCM(appKey, objectKey)} for a record key or a shared folder's key */
    public static byte[] wrapGrantKey(byte[] appKey, byte[] objectKey) {
        return Aes256Gcm.encrypt(appKey, objectKey);
    }

    /** @return a device's copy, {@code encryptedAppKey = AES-GCM(clientKey, appKey)} */
    public static byte[] encryptAppKeyForClient(byte[] clientKey, byte[] appKey) {
        return Aes256Gcm.encrypt(clientKey, appKey);
    }
}
