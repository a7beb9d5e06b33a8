package io.castellan.rotators.ldap;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.Arrays;
import java.util.List;

/**
 * Active Directory's {@code unicodePwd}: the password in double quotes, encoded UTF-16LE. An administrator replaces
 * the value; a user changing their own password must delete the old value and add the new one in one modify
 * request (AD checks the old one). AD accepts it only over an encrypted connection, which we always use.
 */
public final class ActiveDirectoryPassword {

    public static final String ATTRIBUTE = "unicodePwd";

    private ActiveDirectoryPassword() {
    }

    /** @return {@code "password"} (with quotes) as UTF-16LE bytes; the caller wipes them */
    public static byte[] encode(char[] password) {
        byte[] out = new byte[(password.length + 2) * 2];
        out[0] = '"';
        for (int i = 0; i < password.length; i++) {
            out[2 + 2 * i] = (byte) password[i];
            out[3 + 2 * i] = (byte) (password[i] >>> 8);
        }
        out[out.length - 2] = '"';
        return out;
    }

    /** The modification an administrator sends. */
    public static List<Modification> adminReset(char[] next) {
        return List.of(new Modification(ModificationType.REPLACE, ATTRIBUTE, encode(next)));
    }

    /** The modifications a user sends to change their own password. */
    public static List<Modification> selfChange(char[] current, char[] next) {
        return List.of(new Modification(ModificationType.DELETE, ATTRIBUTE, encode(current)),
                new Modification(ModificationType.ADD, ATTRIBUTE, encode(next)));
    }

    /** Overwrites the values of modifications built here. */
    static void wipe(List<Modification> mods) {
        for (Modification m : mods) {
            for (byte[] v : m.getValueByteArrays()) {
                Arrays.fill(v, (byte) 0);
            }
        }
    }
}
