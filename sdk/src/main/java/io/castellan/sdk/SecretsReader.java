package io.castellan.sdk;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Uids;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.GetSecretRequest;
import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.model.ksm.SecretsManagerResponse;
import io.castellan.model.record.FieldLabels;
import java.util.List;

/**
 * {@code get_secret}, including the binding of a new device (ksm-protocol.md §2).
 *
 * <p>While the configuration has no application key, the request carries {@code publicKey} (standard base64 of the
 * device's raw P-256 point), already signed with the matching private key. The answer's {@code encryptedAppKey} is
 * AES-GCM under the one-time client key: the SDK decrypts it, keeps {@code appKey} and {@code appOwnerPublicKey},
 * forgets {@code clientKey}, saves the configuration and at once calls {@code get_secret} again, as Keeper's SDKs do
 * (the server may answer the binding call without records). Binding happens once even when several threads make the
 * first call together.
 */
final class SecretsReader {

    private final DeviceCalls calls;
    private final Object bindLock = new Object();
    private final DecryptedRecordCache cache;

    SecretsReader(DeviceCalls calls, int cachedRecords) {
        this.calls = calls;
        this.cache = new DecryptedRecordCache(cachedRecords);
    }

    /** @param uids record UIDs to limit the answer to; empty for every record */
    Secrets get(List<String> uids) {
        return get(uids, false);
    }

    /** @param includePending also fetch this application's pending rotation data (Castellan extension) */
    Secrets get(List<String> uids, boolean includePending) {
        for (String uid : uids) {
            if (!Uids.isValid(uid)) {
                throw new CastellanException(ErrorCode.BAD_REQUEST, "not a record UID: " + printable(uid));
            }
        }
        if (!calls.state().isBound()) {
            synchronized (bindLock) {
                if (!calls.state().isBound()) {
                    bind(uids);
                }
            }
        }
        byte[] appKey = calls.state().appKey();
        try {
            return ResponseDecoder.decode(query(uids, null, includePending), appKey, cache);
        } finally {
            Wipe.wipe(appKey);
        }
    }

    /** Forgets the records decrypted so far (wiping their keys). */
    void forgetDecrypted() {
        cache.clear();
    }

    private void bind(List<String> uids) {
        SecretsManagerResponse answer = query(uids, Base64s.encode(calls.state().rawPublicKey()), false);
        if (answer.encryptedAppKey() == null) {
            throw new CastellanException(ErrorCode.UNAUTHENTICATED,
                    "the server did not bind this device: its first get_secret answer has no encryptedAppKey");
        }
        byte[] clientKey = calls.state().clientKey();
        byte[] appKey = null;
        try {
            appKey = Aes256Gcm.decrypt(clientKey, Base64s.decode(answer.encryptedAppKey()));
            calls.state().bind(appKey, answer.appOwnerPublicKey());
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.UNAUTHENTICATED,
                    "the application key sent at binding does not decrypt with this device's one-time token");
        } finally {
            Wipe.wipe(clientKey);
            Wipe.wipe(appKey);
        }
    }

    private SecretsManagerResponse query(List<String> uids, String publicKey, boolean includePending) {
        GetSecretRequest request = new GetSecretRequest(calls.clientVersion(), calls.clientId(), publicKey,
                uids.isEmpty() ? null : List.copyOf(uids), null, null, includePending ? Boolean.TRUE : null);
        return calls.call(KsmEndpoint.GET_SECRET, request, SecretsManagerResponse.class);
    }

    static String printable(String s) {
        return FieldLabels.printable(s == null ? "null" : s);
    }
}
