package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Invitations, kept on the invited user's row: the hash of a single-use code and its expiry. {@link #accept} turns
 * the invited user into an active one with the keys the client made, in one conditional update, so a code works
 * once even when two registrations race.
 */
public final class InviteRepository {

    private final Transactions tx;

    public InviteRepository(Transactions tx) {
        this.tx = tx;
    }

    /** Sets (or replaces) the invitation of an invited user. */
    public void set(String userUid, byte[] codeHash, Instant expiresAt, Instant now) {
        tx.write(h -> requireOne(userUid, h.createUpdate("UPDATE users SET invite_code_hash = :hash,"
                        + " invite_expires_at = :expires, updated_at = :now WHERE uid = :uid AND status = 'invited'")
                .bind("hash", codeHash)
                .bind("expires", expiresAt.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .bind("uid", userUid)
                .execute()));
    }

    /** The open invitation of a user, if the user is invited and has one. */
    public Optional<UserInvite> find(String userUid) {
        return tx.read(h -> h.createQuery("SELECT uid, invite_code_hash, invite_expires_at FROM users WHERE uid = :uid"
                        + " AND status = 'invited' AND invite_code_hash IS NOT NULL")
                .bind("uid", userUid)
                .map((rs, ctx) -> new UserInvite(rs.getString(1), rs.getBytes(2), Rows.instant(rs,
                        "invite_expires_at")))
                .findOne());
    }

    /**
     * Accepts the invitation: stores the keys, makes the user active and deletes the invitation — only if the user is
     * still invited with exactly this code hash and the invitation has not expired at {@code now}.
     *
     * @return whether the invitation was accepted (false: used, replaced or expired meanwhile)
     */
    public boolean accept(String userUid, byte[] codeHash, UserKeys keys, Instant now) {
        return tx.write(h -> UserRepository.bindKeys(h.createUpdate("UPDATE users SET auth_salt = :salt,"
                        + " auth_iterations = :iterations, auth_verifier = :verifier, encrypted_data_key = :dataKey,"
                        + " public_key = :publicKey, encrypted_private_key = :privateKey, status = 'active',"
                        + " invite_code_hash = NULL, invite_expires_at = NULL, updated_at = :now WHERE uid = :uid"
                        + " AND status = 'invited' AND invite_code_hash = :hash AND invite_expires_at > :now"),
                        Optional.of(keys))
                .bind("hash", codeHash)
                .bind("now", now.toEpochMilli())
                .bind("uid", userUid)
                .execute() == 1);
    }

    private static int requireOne(String uid, int updated) {
        if (updated != 1) {
            throw new StoreException(StoreException.Reason.NOT_FOUND, "no invited user with UID " + uid);
        }
        return updated;
    }
}
