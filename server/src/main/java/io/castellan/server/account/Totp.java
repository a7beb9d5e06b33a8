package io.castellan.server.account;

import io.castellan.crypto.ConstantTime;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP as every authenticator app does it (RFC 6238 over RFC 4226): HMAC-SHA1, 6 digits, 30-second steps. A code is
 * accepted for the current step and one step either side (clock drift); the caller must also refuse a step that was
 * already used ({@code TotpRepository.useStep}), so a code works once.
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final int PERIOD_SECONDS = 30;
    /** Seed length: 160 bits, the RFC 4226 recommendation for HMAC-SHA1. */
    public static final int SECRET_BYTES = 20;
    /** Steps accepted either side of the current one. */
    static final int WINDOW = 1;

    private Totp() {
    }

    /** The time step of {@code at}. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), PERIOD_SECONDS);
    }

    /** The code of {@code secret} for time step {@code step}. */
    public static String code(byte[] secret, long step) {
        byte[] counter = new byte[8];
        for (int i = 7; i >= 0; i--) {
            counter[i] = (byte) (step >>> (8 * (7 - i)));
        }
        byte[] mac;
        try {
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(secret, "HmacSHA1"));
            mac = hmac.doFinal(counter);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
        int offset = mac[mac.length - 1] & 0x0f;
        int binary = ((mac[offset] & 0x7f) << 24) | ((mac[offset + 1] & 0xff) << 16)
                | ((mac[offset + 2] & 0xff) << 8) | (mac[offset + 3] & 0xff);
        return String.format("%06d", binary % 1_000_000);
    }

    /**
     * The time step whose code {@code code} is, within the window around {@code now}; every candidate is compared in
     * constant time.
     */
    public static OptionalLong verify(byte[] secret, String code, Instant now) {
        if (code == null || !code.matches("[0-9]{" + DIGITS + "}")) {
            return OptionalLong.empty();
        }
        long current = step(now);
        long matched = Long.MIN_VALUE;
        for (long s = current - WINDOW; s <= current + WINDOW; s++) {
            if (ConstantTime.equals(code(secret, s), code)) {
                matched = s;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /** The {@code otpauth://} URI authenticator apps import (usually from a QR code). */
    public static String otpauthUri(String issuer, String account, String base32Secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + PERIOD_SECONDS;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
