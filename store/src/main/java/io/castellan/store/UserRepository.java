package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/**
 * Vault users: create, look up by UID or e-mail (case-insensitively), change status, set keys when an invited user
 * accepts. Each method runs in its own transaction or joins the caller's (see {@link Transactions}).
 */
public final class UserRepository {

    private static final String COLUMNS = "uid, email, status, is_admin, auth_salt, auth_iterations, auth_verifier,"
            + " encrypted_data_key, public_key, encrypted_private_key, totp_secret_encrypted, created_at, updated_at";

    private final Transactions tx;
    private final Clock clock;

    public UserRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Creates a user. The e-mail is stored in lower case.
     *
     * @param keys the user's keys, or {@code null} for an invited user who has none yet
     * @throws StoreException {@code DUPLICATE} when the UID or the e-mail (in any case) is taken
     */
    public User create(String uid, String email, UserStatus status, boolean admin, UserKeys keys) {
        Instant now = Rows.now(clock);
        User user = new User(uid, normalise(email), status, admin, Optional.ofNullable(keys), Optional.empty(), now,
                now);
        return tx.write(h -> {
            try {
                Update insert = h.createUpdate("INSERT INTO users (" + COLUMNS + ") VALUES (:uid, :email, :status,"
                        + " :admin, :salt, :iterations, :verifier, :dataKey, :publicKey, :privateKey, NULL, :now, :now)");
                bindKeys(insert, user.keys())
                        .bind("uid", uid)
                        .bind("email", user.email())
                        .bind("status", Rows.db(status))
                        .bind("admin", admin)
                        .bind("now", now.toEpochMilli())
                        .execute();
                return user;
            } catch (RuntimeException e) {
                if (tx.dialect().isUniqueViolation(e)) {
                    throw new StoreException(StoreException.Reason.DUPLICATE,
                            "a user with UID " + uid + " or e-mail " + user.email() + " already exists", e);
                }
                throw e;
            }
        });
    }

    public Optional<User> findByUid(String uid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE uid = :uid")
                .bind("uid", uid)
                .map(UserRepository::map)
                .findOne());
    }

    /** Finds a user by e-mail, ignoring case. */
    public Optional<User> findByEmail(String email) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE lower(email) = lower(:email)")
                .bind("email", normalise(email))
                .map(UserRepository::map)
                .findOne());
    }

    /** Every user, by e-mail. */
    public List<User> list() {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM users ORDER BY email")
                .map(UserRepository::map)
                .list());
    }

    /** Whether at least one administrator exists, whatever its status. */
    public boolean anyAdmin() {
        return tx.read(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE is_admin = TRUE")
                .mapTo(Long.class)
                .one() > 0);
    }

    /** @throws StoreException {@code NOT_FOUND} when there is no such user */
    public void updateStatus(String uid, UserStatus status) {
        tx.write(h -> requireOne(uid, h.createUpdate("UPDATE users SET status = :status, updated_at = :now"
                        + " WHERE uid = :uid")
                .bind("status", Rows.db(status))
                .bind("now", clock.millis())
                .bind("uid", uid)
                .execute()));
    }

    /** Stores the user's keys (an invited user accepting, or a master-password change). */
    public void setKeys(String uid, UserKeys keys) {
        tx.write(h -> requireOne(uid, bindKeys(h.createUpdate("UPDATE users SET auth_salt = :salt,"
                        + " auth_iterations = :iterations, auth_verifier = :verifier, encrypted_data_key = :dataKey,"
                        + " public_key = :publicKey, encrypted_private_key = :privateKey, updated_at = :now"
                        + " WHERE uid = :uid"), Optional.of(keys))
                .bind("now", clock.millis())
                .bind("uid", uid)
                .execute()));
    }

    /** E-mail addresses are compared and stored in lower case (locale-independent). */
    static String normalise(String email) {
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("e-mail is required");
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    static Update bindKeys(Update update, Optional<UserKeys> keys) {
        UserKeys k = keys.orElse(null);
        return update.bind("salt", k == null ? null : k.authSalt())
                .bind("iterations", k == null ? null : (Integer) k.authIterations())
                .bind("verifier", k == null ? null : k.authVerifier())
                .bind("dataKey", k == null ? null : k.encryptedDataKey())
                .bind("publicKey", k == null ? null : k.publicKey())
                .bind("privateKey", k == null ? null : k.encryptedPrivateKey());
    }

    private static Void requireOne(String uid, int updated) {
        if (updated != 1) {
            throw new StoreException(StoreException.Reason.NOT_FOUND, "no user with UID " + uid);
        }
        return null;
    }

    private static User map(ResultSet rs, StatementContext ctx) throws SQLException {
        byte[] salt = rs.getBytes("auth_salt");
        Optional<UserKeys> keys = salt == null ? Optional.empty() : Optional.of(new UserKeys(salt,
                rs.getInt("auth_iterations"), rs.getBytes("auth_verifier"), rs.getBytes("encrypted_data_key"),
                rs.getBytes("public_key"), rs.getBytes("encrypted_private_key")));
        return new User(rs.getString("uid"), rs.getString("email"),
                Rows.fromDb(UserStatus.class, rs.getString("status")), rs.getBoolean("is_admin"), keys,
                Optional.ofNullable(rs.getBytes("totp_secret_encrypted")), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
