package io.castellan.server.account;

import io.castellan.crypto.Uids;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Requests;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.AuditEventType;
import io.castellan.server.audit.StoreAudit;
import io.castellan.store.Store;
import io.castellan.store.UserStatus;
import java.time.Clock;
import java.util.List;

/**
 * Creates the first administrator offline ({@code castellan server init-admin}), from key material the client side
 * computed from the administrator's master password — exactly what {@code register} stores, verifier included. It
 * refuses when any administrator already exists: after the first one, administrators come only from the API. The
 * check, the insert and the {@code admin_created} audit event are one transaction (serialised on PostgreSQL by an
 * advisory lock, so two concurrent bootstraps cannot both succeed).
 */
public final class AdminBootstrap {

    private AdminBootstrap() {
    }

    /** {@link #createAdmin(Store, String, AccountKeyMaterial, Clock)} with the system clock. */
    public static String createAdmin(Store store, String email, AccountKeyMaterial material) {
        return createAdmin(store, email, material, Clock.systemUTC());
    }

    /**
     * @return the new administrator's user UID
     * @throws io.castellan.model.error.CastellanException {@code conflict} when an administrator (or a user with that
     *         e-mail) already exists; {@code bad_request} for an invalid e-mail
     */
    public static String createAdmin(Store store, String email, AccountKeyMaterial material, Clock clock) {
        String normalised = Requests.normaliseEmail("email", email);
        Audit audit = new StoreAudit(store.auditEvents(), clock);
        return store.write(h -> {
            store.transactions().dialect().lockExclusively(h, "admin_bootstrap");
            if (store.users().anyAdmin()) {
                throw ApiFailures.conflict("an administrator already exists; nothing else creates one");
            }
            if (store.users().findByEmail(normalised).isPresent()) {
                throw ApiFailures.conflict("a user with that e-mail already exists");
            }
            String uid = Uids.newUid();
            store.users().create(uid, normalised, UserStatus.ACTIVE, true, material.toUserKeys());
            audit.record(AuditEventType.ADMIN_CREATED, "system", null, List.of(uid), Audit.SUCCESS);
            return uid;
        });
    }
}
