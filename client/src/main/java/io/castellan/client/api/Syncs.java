package io.castellan.client.api;

import io.castellan.client.keys.UserKeyring;
import io.castellan.client.vault.Vault;

/** {@code sync_down}: fetches everything the user can see and decrypts it with the unlocked keys. */
public final class Syncs {

    private Syncs() {
    }

    /**
     * @param session the signed-in session
     * @param keyring the unlocked keys (taken over by the vault; closed here on failure)
     * @return the decrypted vault; close it when done
     */
    public static Vault sync(ApiSession session, UserKeyring keyring) {
        try {
            return VaultDecoder.decode(session.call("sync_down", Wire.object()), keyring);
        } catch (RuntimeException e) {
            keyring.close();
            throw e;
        }
    }
}
