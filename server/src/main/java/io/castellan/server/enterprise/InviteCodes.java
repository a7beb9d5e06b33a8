package io.castellan.server.enterprise;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * Invitation codes: 24 random bytes (192 bits) as 32 web-safe base64 characters, handed once to the administrator
 * who invites; the store keeps only their SHA-256. Valid for {@link #VALIDITY} and for one registration.
 */
public final class InviteCodes {

    /** How long an invitation stays valid. */
    public static final Duration VALIDITY = Duration.ofDays(7);
    private static final int BYTES = 24;

    private InviteCodes() {
    }

    /** A fresh code. */
    public static String generate() {
        return Base64s.encodeWebSafe(CastellanRandom.bytes(BYTES));
    }

    /** SHA-256 of the code as typed (surrounding spaces removed). */
    public static byte[] hash(String code) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(code.strip().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
