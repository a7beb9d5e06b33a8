package io.castellan.gateway.rotation;

import io.castellan.gateway.runner.GatewaySecrets;
import io.castellan.rotators.ChangeResult;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RecoveryState;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.Rotator;
import io.castellan.sdk.Secret;
import io.castellan.sdk.TransactionType;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rotation safety protocol: the vault always holds a credential the target accepts.
 *
 * <ol>
 *   <li>generate the next credential;</li>
 *   <li>write it into the pamUser as <em>pending</em> ({@code update_secret}, transaction type rotation): the
 *       current value stays current;</li>
 *   <li>change it on the target;</li>
 *   <li>verify it by logging in with it (against a target that demands it);</li>
 *   <li>commit ({@code finalize_secret_update}): pending becomes current, the old value goes to history.</li>
 * </ol>
 *
 * A crash before step 3 leaves the old credential working and current; a crash after it leaves the new one working
 * and pending. The next run sees the pending value ({@code get_secret} with {@code includePending}) and asks the
 * target which one logs in ({@link Rotator#probe}): it commits the pending one when it works, discards it when
 * only the old one works, and when neither works keeps both and fails for a person to look. A change the target
 * refuses (policy, reuse) is discarded and the job fails with nothing changed.
 */
final class RotationSafety {

    private static final Logger LOG = LoggerFactory.getLogger(RotationSafety.class);

    /** @param observedHostKey an SSH host key seen for the first time, to pin */
    record Result(Optional<String> observedHostKey) {
    }

    private final GatewaySecrets secrets;
    private final FaultPoints faults;
    private final String jobId;

    RotationSafety(GatewaySecrets secrets, FaultPoints faults, String jobId) {
        this.secrets = secrets;
        this.faults = faults;
        this.jobId = jobId;
    }

    /**
     * Settles a rotation an earlier run left pending.
     *
     * @return true when the pending credential was committed (the rotation is complete), false when it was
     *     discarded (the old one works: a fresh rotation may follow)
     */
    boolean recover(Rotator rotator, RotationPlan plan, Secret user, Credential pending) throws RotationException {
        RecoveryState state = rotator.probe(plan.target(), plan.current(), pending);
        LOG.info("job {}: record {} had a pending rotation; the target accepts: {}", jobId, user.uid(), state);
        switch (state) {
            case NEW_WORKS -> {
                secrets.completeTransaction(user.uid(), false);
                return true;
            }
            case OLD_WORKS -> {
                secrets.completeTransaction(user.uid(), true);
                return false;
            }
            default -> throw neither(plan, user);
        }
    }

    /**
     * Runs steps 1–5.
     *
     * @param registerNew registers the new secret values with the log scrubber before they are used
     * @param afterCommit runs once the new credential is current (post-rotation scripts), before it is wiped
     */
    Result rotate(Rotator rotator, RotationPlan plan, Secret user, Consumer<String> registerNew,
                  Consumer<Credential> afterCommit) throws RotationException {
        Credential next = rotator.generate(plan.current(), plan.target(), plan.complexity());
        try {
            next.password().ifPresent(p -> registerNew.accept(new String(p)));
            next.privateKey().ifPresent(k -> registerNew.accept(new String(k)));
            CredentialFields.write(user.data(), next);
            secrets.updateSecret(user, TransactionType.ROTATION);
            faults.reach("after-pending", jobId);
            ChangeResult changed;
            boolean committed = false;
            try {
                changed = rotator.change(plan.target(), plan.current(), next);
            } catch (RotationException failure) {
                // The change may have happened before the error (a connection lost after the target applied it).
                settleAfterFailure(rotator, plan, user, next, failure);
                committed = true;
                changed = ChangeResult.of("the target reported '" + failure.getMessage()
                        + "' but the new credential logs in; committed");
            }
            faults.reach("after-change", jobId);
            if (!committed) {
                committed = verify(rotator, plan, user, next);
            }
            faults.reach("after-verify", jobId);
            if (!committed) {
                secrets.completeTransaction(user.uid(), false);
            }
            faults.reach("after-commit", jobId);
            afterCommit.accept(next);
            changed.notes().forEach(n -> LOG.info("job {}: {}", jobId, n));
            return new Result(plan.target().pinnedHostKey().isPresent() ? Optional.empty()
                    : changed.observedHostKey());
        } finally {
            next.wipe();
        }
    }

    /** @return true when a failed verify was settled by committing (the new credential logs in after all) */
    private boolean verify(Rotator rotator, RotationPlan plan, Secret user, Credential next)
            throws RotationException {
        try {
            rotator.verify(plan.target(), next);
            return false;
        } catch (RotationException failure) {
            if (failure.kind() == FailureKind.TRUST_AUTH_DETECTED) {
                // The target applied the change (it said so), so the vault must hold the new value; but no login
                // can prove it, and the job says so instead of claiming a verified rotation.
                secrets.completeTransaction(user.uid(), false);
                throw new RotationException(FailureKind.TRUST_AUTH_DETECTED, failure.getMessage()
                        + "; the change was applied and committed, but it could not be verified");
            }
            settleAfterFailure(rotator, plan, user, next, failure);
            return true;
        }
    }

    /**
     * After a failed step: commit when the new credential works (returns normally), discard the pending one and
     * rethrow when only the old one works, keep both and fail when neither does.
     */
    private void settleAfterFailure(Rotator rotator, RotationPlan plan, Secret user, Credential next,
                                    RotationException failure) throws RotationException {
        RecoveryState state;
        try {
            state = rotator.probe(plan.target(), plan.current(), next);
        } catch (RotationException probeFailure) {
            LOG.warn("job {}: record {}: after '{}', the target could not be asked which credential works ({}); the"
                    + " new one stays pending for the next attempt", jobId, user.uid(), failure.getMessage(),
                    probeFailure.getMessage());
            throw failure;
        }
        switch (state) {
            case NEW_WORKS -> secrets.completeTransaction(user.uid(), false);
            case OLD_WORKS -> {
                secrets.completeTransaction(user.uid(), true);
                throw failure;
            }
            default -> throw neither(plan, user);
        }
    }

    private static RotationException neither(RotationPlan plan, Secret user) {
        return new RotationException(FailureKind.VERIFY_FAILED, "neither the current nor the pending credential of "
                + user.uid() + " logs in at " + plan.target().address()
                + "; both are kept in the vault (current and pending) for a person to look");
    }
}
