package io.castellan.store;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The TOTP columns of a user: a pending seed between setup and confirmation, the confirmed seed, and the last
 * accepted time step. {@link #useStep} is a conditional update, so one code is accepted once even across nodes.
 * The seeds are opaque bytes here (the server encrypts them before they arrive).
 */
public final class TotpRepository {

    private final Transactions tx;

    public TotpRepository(Transactions tx) {
        this.tx = tx;
    }

    /** The user's TOTP state; empty when there is no such user. */
    public Optional<TotpState> find(String userUid) {
        return tx.read(h -> h.createQuery("SELECT totp_secret_encrypted, totp_pending_encrypted, totp_last_step"
                        + " FROM users WHERE uid = :uid")
                .bind("uid", userUid)
                .map((rs, ctx) -> {
                    long step = rs.getLong(3);
                    OptionalLong lastStep = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(step);
                    return new TotpState(Optional.ofNullable(rs.getBytes(1)), Optional.ofNullable(rs.getBytes(2)),
                            lastStep);
                })
                .findOne());
    }

    /** Stores a new pending seed (replacing an unconfirmed one). */
    public void setPending(String userUid, byte[] pendingEncrypted) {
        tx.write(h -> h.createUpdate("UPDATE users SET totp_pending_encrypted = :pending WHERE uid = :uid")
                .bind("pending", pendingEncrypted)
                .bind("uid", userUid)
                .execute());
    }

    /**
     * Makes the pending seed the active one and records {@code step} as used, if the pending seed is still exactly
     * {@code pendingEncrypted} (the one whose code the caller checked).
     *
     * @return whether TOTP is now confirmed
     */
    public boolean confirm(String userUid, byte[] pendingEncrypted, long step) {
        return tx.write(h -> h.createUpdate("UPDATE users SET totp_secret_encrypted = totp_pending_encrypted,"
                        + " totp_pending_encrypted = NULL, totp_last_step = :step WHERE uid = :uid"
                        + " AND totp_pending_encrypted = :pending")
                .bind("step", step)
                .bind("uid", userUid)
                .bind("pending", pendingEncrypted)
                .execute() == 1);
    }

    /**
     * Records that the code of time step {@code step} was used.
     *
     * @return false when that step (or a later one) was already used: the code is a replay
     */
    public boolean useStep(String userUid, long step) {
        return tx.write(h -> h.createUpdate("UPDATE users SET totp_last_step = :step WHERE uid = :uid"
                        + " AND (totp_last_step IS NULL OR totp_last_step < :step)")
                .bind("step", step)
                .bind("uid", userUid)
                .execute() == 1);
    }
}
