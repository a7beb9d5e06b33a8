package io.castellan.cli.admin;

import io.castellan.client.keys.AccountMaterial;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.DataDirLock;
import io.castellan.server.StartupException;
import io.castellan.server.account.AccountKeyMaterial;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.castellan.store.StoreException;

/**
 * The real {@link AdminBootstrap}: takes the server's data-directory lock (creating the directory 0700 if needed, and
 * refusing while a server runs on it), opens the store (migrating a fresh one) and creates the administrator through
 * the server's own {@link io.castellan.server.account.AdminBootstrap}, which computes the verifier exactly as
 * {@code register} does.
 */
public final class StoreAdminBootstrap implements AdminBootstrap {

    @Override
    public String createAdmin(StoreConfig config, String email, AccountMaterial m) {
        try (DataDirLock lock = DataDirLock.acquire(config.dataDir()); Store store = Store.open(config)) {
            AccountKeyMaterial material = new AccountKeyMaterial(m.salt(), m.iterations(), m.authHash(),
                    m.encryptedDataKey(), m.publicKey(), m.encryptedPrivateKey());
            return io.castellan.server.account.AdminBootstrap.createAdmin(store, email, material);
        } catch (StartupException e) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, e.getMessage()
                    + "; stop the server first (init-admin works offline)");
        } catch (StoreException e) {
            throw new CastellanException(codeFor(e.reason()), e.getMessage());
        }
    }

    private static ErrorCode codeFor(StoreException.Reason reason) {
        return switch (reason) {
            case SCHEMA_TOO_NEW -> ErrorCode.STORE_SCHEMA_TOO_NEW;
            case CORRUPT -> ErrorCode.STORE_CORRUPT;
            case UNREACHABLE, DATA_DIR -> ErrorCode.UNAVAILABLE;
            case CONFLICT, DUPLICATE -> ErrorCode.CONFLICT;
            default -> ErrorCode.INTERNAL;
        };
    }
}
