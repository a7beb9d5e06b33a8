package io.castellan.cli.admin;

import io.castellan.client.keys.AccountMaterial;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import io.castellan.server.DataDirLock;
import io.castellan.server.account.AccountKeyMaterial;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;

/**
 * The real {@link AdminBootstrap}: takes the server's data-directory lock (so it cannot race a running server),
 * opens the store (migrating a fresh one) and creates the administrator through the server's own
 * {@link io.castellan.server.account.AdminBootstrap}, which computes the verifier exactly as {@code register} does.
 */
public final class StoreAdminBootstrap implements AdminBootstrap {

    @Override
    public String createAdmin(StoreConfig config, String email, AccountMaterial m) {
        createPrivateDirectory(config.dataDir());
        try (DataDirLock lock = DataDirLock.acquire(config.dataDir()); Store store = Store.open(config)) {
            AccountKeyMaterial material = new AccountKeyMaterial(m.salt(), m.iterations(), m.authHash(),
                    m.encryptedDataKey(), m.publicKey(), m.encryptedPrivateKey());
            return io.castellan.server.account.AdminBootstrap.createAdmin(store, email, material);
        }
    }

    private static void createPrivateDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "cannot create data directory " + dir + ": "
                    + e.getClass().getSimpleName());
        }
    }
}
