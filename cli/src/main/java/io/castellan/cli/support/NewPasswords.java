package io.castellan.cli.support;

import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/** The minimum a newly chosen master password must meet (for {@code register} and {@code server init-admin}). */
public final class NewPasswords {

    /** Shortest accepted master password, in characters. */
    public static final int MIN_LENGTH = 8;

    private NewPasswords() {
    }

    /**
     * @param password the chosen password (wiped when refused)
     * @return the same array when acceptable
     */
    public static char[] check(char[] password) {
        if (password.length < MIN_LENGTH) {
            Wipe.wipe(password);
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "the master password must have at least " + MIN_LENGTH + " characters");
        }
        return password;
    }
}
