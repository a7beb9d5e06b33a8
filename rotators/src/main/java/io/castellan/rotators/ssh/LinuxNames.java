package io.castellan.rotators.ssh;

import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import java.util.regex.Pattern;

/** Linux account names as the rotators accept them: they go into chpasswd input and shell commands. */
final class LinuxNames {

    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");

    private LinuxNames() {
    }

    static void requireValidUser(String user, String kind) throws RotationException {
        if (user == null || !USER.matcher(user).matches()) {
            throw new RotationException(FailureKind.INVALID_INPUT, kind
                    + ": the username must be 1-32 characters of letters, digits, '_', '.', '-' (not starting with '-' or '.')");
        }
    }
}
