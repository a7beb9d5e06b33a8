package io.castellan.server.access;

import io.castellan.server.enterprise.EnforcementPolicy;
import java.util.List;
import java.util.Objects;

/**
 * One row of {@link CommandPolicies}: a user-API command, how its enforcement policies apply, which ones, and what
 * they govern in words (docs/access-control.md repeats the table).
 *
 * @param command  the command's wire name
 * @param kind     how the policies apply
 * @param policies the policies involved (empty for {@link Kind#NONE})
 * @param governs  what the policy gates, or why none is needed
 */
public record CommandPolicy(String command, Kind kind, List<EnforcementPolicy> policies, String governs) {

    /** How a row's policies apply. */
    public enum Kind {
        /** Every call needs each policy; {@link PolicyGuard} checks it before the command runs. */
        ALWAYS,
        /**
         * A call needs some of the policies depending on what it changes ({@link PamConfigPolicies});
         * {@link PolicyGuard} checks them before the command runs.
         */
        WHEN_CHANGED,
        /**
         * The command's own access check enforces the policy, because it re-checks it later too (the tunnel relay's
         * sweep) and audits the refusal; {@link PolicyGuard} leaves it to that check.
         */
        BY_HANDLER,
        /** No policy: the command only reads or ends what the caller already holds. */
        NONE,
        /** A command that does not exist yet; the policy will gate it when it is built. */
        NOT_BUILT
    }

    public CommandPolicy {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(kind, "kind");
        policies = List.copyOf(policies);
        Objects.requireNonNull(governs, "governs");
        if ((kind == Kind.NONE) != policies.isEmpty()) {
            throw new IllegalArgumentException(command + ": only a NONE row has no policies");
        }
    }
}
