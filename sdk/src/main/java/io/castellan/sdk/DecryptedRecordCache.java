package io.castellan.sdk;

import io.castellan.crypto.Wipe;
import io.castellan.model.record.RecordData;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records of earlier {@code get_secret} answers, decrypted, keyed by their exact ciphertexts: the record's data, its
 * wrapped key and (for a record in a shared folder) the folder's wrapped key, as the server sent them. A device that
 * polls (a gateway, an application reading its configuration) gets the same ciphertext for every record that did not
 * change; without this it would unwrap the key, decrypt and parse each such record again on every call (about a third
 * of the device's CPU for an answer of 100 records, bench/README.md).
 *
 * <p>Why a hit is the same as a decryption: the device's application key never changes once bound, and AES-GCM
 * decryption of the same ciphertext under the same key is the same plaintext, its tag checked when it was first
 * decrypted. Nothing else is trusted: a record the server leaves out of an answer is not served from here (the cache
 * is consulted only for records in the answer), and any change to a record, its key or its folder's key is a
 * different ciphertext, so a miss. Each hit hands out a copy of the record key (callers may wipe it) and the kept
 * record itself, which {@link Secret} copies before any caller can change it.
 *
 * <p>Bounded by entries and by the characters of the ciphertexts it keys on; least recently used entries go first and
 * their record keys are wiped. {@link #clear()} (on {@link SecretsManager#close()}) wipes every key. A capacity of 0
 * turns it off. Thread-safe.
 */
final class DecryptedRecordCache {

    /** Ciphertexts, standard base64 as on the wire; {@code folderKey} is null for a directly shared record. */
    record Key(String folderKey, String recordKey, String data) {
    }

    private record Entry(byte[] recordKey, RecordData data, long chars) {
    }

    /** Above this, an answer's ciphertexts (~1.4 chars per byte of record) are not kept. */
    static final long MAX_CHARS = 32L << 20;

    private final int maxEntries;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long chars;

    /** @param maxEntries how many records are kept; 0 keeps none */
    DecryptedRecordCache(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("the decrypted record cache's capacity must be >= 0, not " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /**
     * A copy of the record key, and the record (shared: never to be changed), decrypted from exactly {@code key}; or
     * null when not kept.
     */
    synchronized Hit get(Key key) {
        if (maxEntries == 0) {
            return null;
        }
        Entry e = entries.get(key);
        return e == null ? null : new Hit(e.recordKey.clone(), e.data);
    }

    /** Keeps copies of what {@code key} decrypted to. */
    synchronized void put(Key key, byte[] recordKey, RecordData data) {
        if (maxEntries == 0) {
            return;
        }
        long size = length(key.folderKey()) + length(key.recordKey()) + length(key.data());
        if (size > MAX_CHARS) {
            return;
        }
        Entry old = entries.put(key, new Entry(recordKey.clone(), data.copy(), size));
        if (old != null) {
            chars -= old.chars;
            Wipe.wipe(old.recordKey);
        }
        chars += size;
        Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || chars > MAX_CHARS) && eldest.hasNext()) {
            Entry gone = eldest.next().getValue();
            eldest.remove();
            chars -= gone.chars;
            Wipe.wipe(gone.recordKey);
        }
    }

    /** Forgets every record and wipes every key. */
    synchronized void clear() {
        entries.values().forEach(e -> Wipe.wipe(e.recordKey));
        entries.clear();
        chars = 0;
    }

    synchronized int size() {
        return entries.size();
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }

    /**
     * A cached record: the caller owns the key array (a fresh copy); the record is shared and must not be changed
     * ({@link Secret} copies it when {@link Secret#data()} hands it out).
     */
    record Hit(byte[] recordKey, RecordData data) {
    }
}
