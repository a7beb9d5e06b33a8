package io.castellan.cli.admin;

import io.castellan.client.keys.AccountMaterial;
import io.castellan.store.StoreConfig;

/**
 * Writes the first administrator into a server's store, offline (the server is not running).
 *
 * <p>Contract for implementations: store the account exactly as the server's {@code register} handler stores the
 * same request fields, so the administrator can then {@code castellan login} like anyone else; refuse (with a
 * {@link io.castellan.model.error.CastellanException}) when an administrator already exists or the store cannot be
 * opened (e.g. a running server holds the data directory).
 */
@FunctionalInterface
public interface AdminBootstrap {

    /**
     * @param store where the server keeps its data (data directory, and the PostgreSQL URL if it uses one)
     * @param email the administrator's e-mail
     * @param material the keys, made on this machine from the chosen password
     * @return the new user's UID
     */
    String createAdmin(StoreConfig store, String email, AccountMaterial material);
}
