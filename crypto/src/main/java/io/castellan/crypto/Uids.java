package io.castellan.crypto;

/**
 * Record, folder and file identifiers in the KSM format: 16 random bytes, written as 22 characters
 * of web-safe base64 without padding (for example {@code Ue8h6JyWUs7Iu6eY_mha-w}).
 *
 * <p>Like Keeper's SDKs, {@link #newUid()} never produces a UID that starts with {@code -} or
 * {@code _}, because a leading dash is read as an option by command-line tools. {@link #isValid}
 * still accepts such UIDs, since other Keeper clients may create them.
 */
public final class Uids {

    /** Length of a UID string. */
    public static final int LENGTH = 22;
    /** Number of random bytes behind a UID. */
    public static final int BYTES = 16;

    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** Top five bits all set means the first character would be '-' (62) or '_' (63). */
    private static final int DASH_MASK = 0xF8;

    private Uids() {
    }

    /** A fresh random UID. */
    public static String newUid() {
        byte[] bytes = CastellanRandom.bytes(BYTES);
        while ((bytes[0] & DASH_MASK) == DASH_MASK) {
            bytes[0] = (byte) CastellanRandom.secureRandom().nextInt(256);
        }
        return fromBytes(bytes);
    }

    /** Encodes 16 bytes as a UID. */
    public static String fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new CryptoException("a UID is exactly " + BYTES + " bytes");
        }
        return Base64s.encodeWebSafe(bytes);
    }

    /** Decodes a UID to its 16 bytes, rejecting anything {@link #isValid} rejects. */
    public static byte[] toBytes(String uid) {
        if (!isValid(uid)) {
            throw new CryptoException("invalid UID");
        }
        return Base64s.decodeWebSafe(uid);
    }

    /**
     * Whether {@code uid} is exactly 22 web-safe base64 characters in canonical form (the last
     * character carries 2 data bits, so its 4 low bits must be zero: one of {@code A Q g w}).
     */
    public static boolean isValid(String uid) {
        if (uid == null || uid.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(uid.charAt(i)) < 0) {
                return false;
            }
        }
        return (ALPHABET.indexOf(uid.charAt(LENGTH - 1)) & 0x0F) == 0;
    }
}
