package io.castellan.gateway.rotation;

import io.castellan.rotators.Credential;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.password.PasswordComplexity;

/**
 * One rotation, worked out from the records: which rotator, where, and the account's current credential.
 *
 * @param rotatorKind the {@link io.castellan.rotators.Rotator#kind()} to use
 * @param target the resource's address, admin credential, pins and options
 * @param current the pamUser's current credential (wiped by the job when done)
 * @param complexity password rules from the sealed rotation settings (or the default)
 */
record RotationPlan(String rotatorKind, RotationTarget target, Credential current, PasswordComplexity complexity) {
}
