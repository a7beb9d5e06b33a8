package io.castellan.crypto;

import java.util.Arrays;

/**
 * Overwrites secret arrays with zeros once they are no longer needed.
 *
 * <p>Best effort only: the JVM may have copied the data (garbage collection, {@code String}s), but
 * wiping the arrays we own shortens the window in which a heap dump reveals keys or passwords.
 * All methods accept {@code null} and do nothing with it, so they fit in {@code finally} blocks.
 */
public final class Wipe {

    private Wipe() {
    }

    /** Zeroes {@code data} (no-op for {@code null}). */
    public static void wipe(byte[] data) {
        if (data != null) {
            Arrays.fill(data, (byte) 0);
        }
    }

    /** Zeroes {@code data} (no-op for {@code null}). */
    public static void wipe(char[] data) {
        if (data != null) {
            Arrays.fill(data, '\0');
        }
    }

    /** Zeroes every array given (no-op for {@code null} entries). */
    public static void wipeAll(byte[]... arrays) {
        if (arrays != null) {
            for (byte[] array : arrays) {
                wipe(array);
            }
        }
    }
}
