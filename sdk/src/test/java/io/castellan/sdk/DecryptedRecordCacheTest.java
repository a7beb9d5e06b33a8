package io.castellan.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.ksm.ResponseFolder;
import io.castellan.model.ksm.ResponseRecord;
import io.castellan.model.ksm.SecretsManagerResponse;
import io.castellan.model.record.RecordData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SDK's decrypted records kept between {@code get_secret} answers, through {@link ResponseDecoder}. */
class DecryptedRecordCacheTest {

    private final byte[] appKey = newKey();

    private static byte[] newKey() {
        return CastellanRandom.bytes(Aes256Gcm.KEY_LENGTH);
    }

    /** A record shared directly: its key wrapped with the application key, its data with its key. */
    private ResponseRecord direct(String title, byte[] recordKey) {
        return new ResponseRecord(Uids.newUid(), Base64s.encode(Aes256Gcm.encrypt(appKey, recordKey)),
                data(title, recordKey), 1, false, List.of(), null, null, null);
    }

    private static String data(String title, byte[] recordKey) {
        RecordData d = RecordData.create("login", title);
        d.setFieldValue("password", null, "pw-" + title);
        return Base64s.encode(Aes256Gcm.encrypt(recordKey, d.toBytes()));
    }

    private static SecretsManagerResponse answer(List<ResponseRecord> records, List<ResponseFolder> folders) {
        return new SecretsManagerResponse(null, null, null, folders, records, null, null, null);
    }

    private static List<String> titles(Secrets s) {
        List<String> out = new ArrayList<>();
        s.records().forEach(r -> out.add(r.title()));
        return out;
    }

    @Test
    void aRecordSeenBeforeIsServedWithoutDecryptingAgain() {
        ResponseRecord r = direct("db", newKey());
        SecretsManagerResponse a = answer(List.of(r), null);
        DecryptedRecordCache cache = new DecryptedRecordCache(16);
        assertThat(titles(ResponseDecoder.decode(a, appKey, cache))).containsExactly("db");
        // the same ciphertexts again, decoded with a key that would decrypt nothing: only the cache can answer
        byte[] wrongKey = new byte[32];
        assertThat(titles(ResponseDecoder.decode(a, wrongKey, cache))).containsExactly("db");
        // without the cache the wrong key fails, so the line above cannot pass by decrypting
        assertThatThrownBy(() -> ResponseDecoder.decode(a, wrongKey, new DecryptedRecordCache(0)))
                .isInstanceOf(CastellanException.class).hasMessageContaining("does not decrypt");
    }

    @Test
    void eachCallGetsItsOwnCopiesSoAChangeOrWipeByTheCallerDoesNotLeak() {
        SecretsManagerResponse a = answer(List.of(direct("db", newKey())), null);
        DecryptedRecordCache cache = new DecryptedRecordCache(16);
        for (int call = 0; call < 3; call++) {
            // call 0 decrypts, the others are served from the cache; each caller changes and wipes what it got
            Secret s = ResponseDecoder.decode(a, appKey, cache).records().get(0);
            assertThat(s.title()).isEqualTo("db");
            assertThat(s.password()).contains("pw-db");
            assertThat(s.recordKey()).isNotEqualTo(new byte[32]);
            s.data().setTitle("changed by caller " + call);
            assertThat(s.title()).isEqualTo("changed by caller " + call);
            java.util.Arrays.fill(s.recordKey(), (byte) 0);
        }
    }

    @Test
    void aChangedRecordIsDecryptedAfreshAndARecordLeftOutIsNotServed() {
        byte[] key = newKey();
        ResponseRecord before = direct("before", key);
        ResponseRecord other = direct("other", newKey());
        DecryptedRecordCache cache = new DecryptedRecordCache(16);
        ResponseDecoder.decode(answer(List.of(before, other), null), appKey, cache);
        ResponseRecord after = new ResponseRecord(before.recordUid(), before.recordKey(), data("after", key), 2,
                false, List.of(), null, null, null);
        assertThat(titles(ResponseDecoder.decode(answer(List.of(after), null), appKey, cache)))
                .containsExactly("after");
    }

    @Test
    void aRecordInASharedFolderIsKeyedByTheFolderKeysCiphertextToo() {
        byte[] folderKey = newKey();
        byte[] recordKey = newKey();
        String wrappedRecordKey = Base64s.encode(Aes256Gcm.encrypt(folderKey, recordKey));
        ResponseRecord r = new ResponseRecord(Uids.newUid(), wrappedRecordKey, data("in folder", recordKey), 1, false,
                List.of(), null, null, null);
        ResponseFolder f = new ResponseFolder(Uids.newUid(), Base64s.encode(Aes256Gcm.encrypt(appKey, folderKey)),
                null, null, null, List.of(r));
        DecryptedRecordCache cache = new DecryptedRecordCache(16);
        Secrets first = ResponseDecoder.decode(answer(null, List.of(f)), appKey, cache);
        assertThat(titles(first)).containsExactly("in folder");
        assertThat(first.records().get(0).folderUid()).contains(f.folderUid());
        // the same record under a folder key that is not the folder's: a miss, and it does not decrypt
        ResponseFolder forged = new ResponseFolder(f.folderUid(),
                Base64s.encode(Aes256Gcm.encrypt(appKey, newKey())), null, null, null, List.of(r));
        assertThatThrownBy(() -> ResponseDecoder.decode(answer(null, List.of(forged)), appKey, cache))
                .isInstanceOf(CastellanException.class).hasMessageContaining("does not decrypt");
        // the genuine folder again: served from the cache, so a wrong application key is never used
        assertThat(titles(ResponseDecoder.decode(answer(null, List.of(f)), new byte[32], cache)))
                .containsExactly("in folder");
    }

    @Test
    void theLeastRecentlyUsedRecordsGoFirstAndCapacityZeroKeepsNothing() {
        DecryptedRecordCache cache = new DecryptedRecordCache(2);
        List<ResponseRecord> three = List.of(direct("a", newKey()), direct("b", newKey()),
                direct("c", newKey()));
        ResponseDecoder.decode(answer(three, null), appKey, cache);
        assertThat(cache.size()).isEqualTo(2);
        // "a" was evicted: with a wrong key it must be decrypted, and fails
        assertThatThrownBy(() -> ResponseDecoder.decode(answer(three.subList(0, 1), null), new byte[32], cache))
                .isInstanceOf(CastellanException.class);
        assertThat(titles(ResponseDecoder.decode(answer(three.subList(1, 3), null), new byte[32], cache)))
                .containsExactly("b", "c");

        DecryptedRecordCache none = new DecryptedRecordCache(0);
        ResponseDecoder.decode(answer(three, null), appKey, none);
        assertThat(none.size()).isZero();
        assertThatThrownBy(() -> new DecryptedRecordCache(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void clearForgetsEverything() {
        DecryptedRecordCache cache = new DecryptedRecordCache(16);
        SecretsManagerResponse a = answer(List.of(direct("db", newKey())), null);
        ResponseDecoder.decode(a, appKey, cache);
        cache.clear();
        assertThat(cache.size()).isZero();
        assertThatThrownBy(() -> ResponseDecoder.decode(a, new byte[32], cache))
                .isInstanceOf(CastellanException.class);
    }
}
