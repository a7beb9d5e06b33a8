package io.castellan.rotators;

import java.util.Objects;

/**
 * A rotation step failed. The message is <b>safe</b>: it names the target, account and step, never a password, key
 * or anything a target echoed back that could contain one. That is why causes are not attached: driver and
 * protocol exceptions may quote the statement or the input. Rotators pass only a sanitised reason.
 */
public final class RotationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureKind kind;

    /**
     * @param kind what failed
     * @param safeMessage a message that never contains a secret
     */
    public RotationException(FailureKind kind, String safeMessage) {
        super(Objects.requireNonNull(safeMessage, "safeMessage"), null, false, true);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** @return why the step failed */
    public FailureKind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "RotationException[" + kind + "]: " + getMessage();
    }
}
