package io.castellan.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.ksm.ResponseFile;
import io.castellan.model.ksm.ResponseFolder;
import io.castellan.model.ksm.ResponseRecord;
import io.castellan.model.ksm.SecretsManagerResponse;
import io.castellan.model.record.InvalidRecordException;
import io.castellan.model.record.RecordData;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decrypts a {@code get_secret} answer (ksm-protocol.md §3): a directly shared record's key is AES-GCM under the
 * application key; a shared folder's key is AES-GCM under the application key and its records' keys under the folder
 * key; record data is AES-GCM under the record key; a file's key is AES-GCM under its record's key and its metadata
 * under the file key. Byte values are standard base64, {@code appData} web-safe. A value that does not decrypt fails
 * the call with {@link ErrorCode#INTERNAL} naming the record, as Keeper's SDKs fail it.
 */
final class ResponseDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseDecoder.class);
    private static final JsonMapper JSON = Json.newMapper();

    private ResponseDecoder() {
    }

    /**
     * @param cache records decrypted from earlier answers, consulted for (and filled with) the records of this one
     */
    static Secrets decode(SecretsManagerResponse response, byte[] appKey, DecryptedRecordCache cache) {
        List<Secret> records = new ArrayList<>();
        for (ResponseRecord r : nullToEmpty(response.records())) {
            record(r, null, () -> appKey, null, cache).ifPresent(records::add);
        }
        for (ResponseFolder f : nullToEmpty(response.folders())) {
            FolderKey folderKey = new FolderKey(appKey, f);
            try {
                for (ResponseRecord r : nullToEmpty(f.records())) {
                    record(r, f.folderKey(), folderKey::get, f.folderUid(), cache).ifPresent(records::add);
                }
            } finally {
                folderKey.wipe();
            }
        }
        Optional<Instant> expires = response.expiresOn() == null || response.expiresOn() <= 0 ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(response.expiresOn()));
        return new Secrets(records, appTitle(response.appData(), appKey), expires, nullToEmpty(response.warnings()));
    }

    /** A shared folder's key, unwrapped only when one of its records is not in the cache. */
    private static final class FolderKey {
        private final byte[] appKey;
        private final ResponseFolder folder;
        private byte[] key;

        FolderKey(byte[] appKey, ResponseFolder folder) {
            this.appKey = appKey;
            this.folder = folder;
        }

        byte[] get() {
            if (key == null) {
                key = unwrap(appKey, folder.folderKey(), "the key of shared folder " + folder.folderUid());
            }
            return key;
        }

        void wipe() {
            Wipe.wipe(key);
        }
    }

    /**
     * The record, or empty when its JSON is unreadable (skipped with a warning, as Keeper's SDKs skip it).
     *
     * @param wrappingKeyCiphertext the folder key's ciphertext for a record in a shared folder, null for a record
     *     shared directly (its key is wrapped with the application key)
     */
    private static Optional<Secret> record(ResponseRecord r, String wrappingKeyCiphertext,
            Supplier<byte[]> wrappingKey, String folderUid, DecryptedRecordCache cache) {
        DecryptedRecordCache.Key cacheKey = r.recordKey() == null || r.data() == null ? null
                : new DecryptedRecordCache.Key(wrappingKeyCiphertext, r.recordKey(), r.data());
        DecryptedRecordCache.Hit hit = cacheKey == null ? null : cache.get(cacheKey);
        byte[] recordKey;
        RecordData data;
        boolean shared = hit != null;
        if (hit != null) {
            recordKey = hit.recordKey();
            data = hit.data();
        } else {
            recordKey = unwrap(wrappingKey.get(), r.recordKey(), "the key of record " + r.recordUid());
            byte[] json = unwrap(recordKey, r.data(), "record " + r.recordUid());
            try {
                data = RecordData.parse(json);
            } catch (InvalidRecordException e) {
                LOG.warn("record {} is skipped: {}", r.recordUid(), e.getMessage());
                return Optional.empty();
            } finally {
                Arrays.fill(json, (byte) 0);
            }
            cache.put(cacheKey, recordKey, data);
        }
        List<SecretFile> files = new ArrayList<>();
        for (ResponseFile f : nullToEmpty(r.files())) {
            files.add(file(f, recordKey));
        }
        String folder = folderUid != null ? folderUid : r.folderUid();
        return Optional.of(new Secret(r.recordUid(), r.revision(), r.isEditable(), folder, r.innerFolderUid(), data,
                shared, files, recordKey, pending(r, recordKey)));
    }

    /** A pending rotation's data; unreadable pending data fails the call (the gateway must not guess). */
    private static RecordData pending(ResponseRecord r, byte[] recordKey) {
        if (r.pendingData() == null) {
            return null;
        }
        byte[] json = unwrap(recordKey, r.pendingData(), "the pending data of record " + r.recordUid());
        try {
            return RecordData.parse(json);
        } catch (InvalidRecordException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "the pending data of record " + r.recordUid()
                    + " is not a record: " + e.getMessage());
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    private static SecretFile file(ResponseFile f, byte[] recordKey) {
        byte[] fileKey = unwrap(recordKey, f.fileKey(), "the key of file " + f.fileUid());
        JsonNode meta = json(unwrap(fileKey, f.data(), "the metadata of file " + f.fileUid()), "file " + f.fileUid());
        return new SecretFile(f.fileUid(), meta.path("name").asText(""), meta.path("title").asText(""),
                meta.path("type").asText(""), meta.path("size").asLong(0),
                meta.path("lastModified").canConvertToLong() ? meta.path("lastModified").longValue() : null,
                f.url(), f.thumbnailUrl(), fileKey);
    }

    private static String appTitle(String appData, byte[] appKey) {
        if (appData == null || appData.isEmpty()) {
            return "";
        }
        try {
            byte[] plain = Aes256Gcm.decrypt(appKey, Base64s.decodeWebSafe(appData));
            return json(plain, "appData").path("title").asText("");
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "appData does not decrypt with the application key");
        }
    }

    /** AES-GCM-decrypts a standard-base64 value; the message names what failed, never a value. */
    static byte[] unwrap(byte[] key, String b64, String what) {
        if (b64 == null) {
            throw new CastellanException(ErrorCode.INTERNAL, what + " is missing from the server's answer");
        }
        try {
            return Aes256Gcm.decrypt(key, Base64s.decode(b64));
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.INTERNAL, what + " does not decrypt (wrong key or corrupt data)");
        }
    }

    static JsonNode json(byte[] plain, String what) {
        try {
            JsonNode node = JSON.readTree(plain);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // reported below without the content
        }
        throw new CastellanException(ErrorCode.INTERNAL, what + " is not a JSON object");
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
