package io.castellan.rotators;

import io.castellan.rotators.password.PasswordComplexity;
import io.castellan.rotators.password.PasswordGenerator;

/** Helpers the password rotators share. */
public final class Passwords {

    private static final PasswordGenerator GENERATOR = new PasswordGenerator();
    private static final PasswordComplexity DECOY = new PasswordComplexity(40, 4, 4, 4, 0, "");

    private Passwords() {
    }

    /** The current credential with a freshly generated password. */
    public static Credential next(Credential current, PasswordComplexity complexity) {
        return current.withPassword(GENERATOR.generate(complexity));
    }

    /** A random password no account has: a target that accepts it does not check passwords. */
    public static char[] decoy() {
        return GENERATOR.generate(DECOY);
    }

    /** The failure raised when a target accepted {@link #decoy()}. */
    public static RotationException trustAuth(String kind, RotationTarget target, String username) {
        return new RotationException(FailureKind.TRUST_AUTH_DETECTED, kind + ": " + target.address() + " let '" + username
                + "' log in with a wrong password (trust authentication?), so no login there proves a password");
    }
}
