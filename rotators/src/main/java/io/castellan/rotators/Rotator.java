package io.castellan.rotators;

import io.castellan.rotators.password.PasswordComplexity;

/**
 * Changes and verifies one kind of credential on one kind of target. The gateway's rotation job runs the safety
 * protocol around it: {@link #generate} → store the result as pending in the record → {@link #change} →
 * {@link #verify} → commit. After a crash between those steps, {@link #probe} tells whether the pending (new) or
 * the old credential is the one the target accepts, so the job can roll forward or back.
 *
 * <p>Every method proves its logins against a target that demands the secret: {@link #authenticates} first checks
 * that a deliberately wrong secret is refused and otherwise fails with {@link FailureKind#TRUST_AUTH_DETECTED}.
 * No exception message contains a secret.
 */
public interface Rotator {

    /** @return the registry key, e.g. "postgresql", "mysql", "ssh-password", "ssh-key", "ldap" */
    String kind();

    /**
     * Generates the next credential for the same account.
     *
     * @param current the account's current credential
     * @param target the target (some rotators read options such as the forced key type)
     * @param complexity the password rules
     * @return a new credential; the caller wipes it
     */
    Credential generate(Credential current, RotationTarget target, PasswordComplexity complexity) throws RotationException;

    /**
     * Changes the account's secret on the target from {@code current} to {@code next}, with the target's admin
     * credential when there is one, else as the account itself (which needs {@code current}).
     */
    ChangeResult change(RotationTarget target, Credential current, Credential next) throws RotationException;

    /**
     * Logs in with the credential and reports whether the target accepted it.
     *
     * @return true when the target accepts the credential, false when it rejects it
     * @throws RotationException UNREACHABLE, HOST_KEY_MISMATCH, TLS_FAILED, or TRUST_AUTH_DETECTED when the target
     *                           accepts a wrong secret too
     */
    boolean authenticates(RotationTarget target, Credential candidate) throws RotationException;

    /** Fails with {@link FailureKind#VERIFY_FAILED} unless the candidate logs in (and the target demands it). */
    default void verify(RotationTarget target, Credential candidate) throws RotationException {
        if (!authenticates(target, candidate)) {
            throw new RotationException(FailureKind.VERIFY_FAILED,
                    kind() + ": the credential of '" + candidate.username() + "' does not log in at " + target.address());
        }
    }

    /** After an interrupted rotation: which of the two credentials the target accepts now (pending first). */
    default RecoveryState probe(RotationTarget target, Credential old, Credential pending) throws RotationException {
        if (authenticates(target, pending)) {
            return RecoveryState.NEW_WORKS;
        }
        return authenticates(target, old) ? RecoveryState.OLD_WORKS : RecoveryState.NEITHER;
    }
}
