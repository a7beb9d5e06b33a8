package io.castellan.crypto;

import java.nio.CharBuffer;
import java.security.MessageDigest;

/**
 * Equality checks for secrets (MACs, tokens, password hashes) whose running time does not depend
 * on where the first difference is, so an attacker cannot guess a secret byte by byte from timing.
 *
 * <p>All comparisons go through {@link MessageDigest#isEqual(byte[], byte[])}, which is documented
 * as constant-time for inputs of the same length. Lengths themselves are not treated as secret.
 * A {@code null} argument is never equal to anything (not even another {@code null}), so a missing
 * secret can never match a missing expectation.
 */
public final class ConstantTime {

    private ConstantTime() {
    }

    /** Constant-time equality of two byte arrays. */
    public static boolean equals(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a, b);
    }

    /**
     * Constant-time equality of two char arrays. Chars are compared as their exact UTF-16 code
     * units (no lossy charset conversion), and the temporary byte copies are wiped.
     */
    public static boolean equals(char[] a, char[] b) {
        if (a == null || b == null) {
            return false;
        }
        byte[] left = utf16(CharBuffer.wrap(a));
        byte[] right = utf16(CharBuffer.wrap(b));
        try {
            return MessageDigest.isEqual(left, right);
        } finally {
            Wipe.wipeAll(left, right);
        }
    }

    /** Constant-time equality of two strings, compared by their UTF-16 code units. */
    public static boolean equals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(utf16(a), utf16(b));
    }

    private static byte[] utf16(CharSequence chars) {
        byte[] out = new byte[chars.length() * 2];
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            out[2 * i] = (byte) (c >>> 8);
            out[2 * i + 1] = (byte) c;
        }
        return out;
    }
}
