package io.castellan.server.device;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.ConstantTime;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Hmacs;
import io.castellan.crypto.Uids;
import io.castellan.store.SettingsRepository;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The signed, short-lived tokens of file download URLs ({@code GET /api/rest/sm/v1/files/download/<token>}). Keeper's
 * SDKs download a file with a plain GET and no headers, so the URL itself must say who may fetch what, until when.
 *
 * <p>A token is web-safe base64 (no padding) of {@code 0x01 ‖ fileUid(16) ‖ appUid(16) ‖ clientTag(8) ‖
 * expiresAt(8, epoch ms, big-endian) ‖ mac(16)}, where {@code clientTag} is the first 8 bytes of SHA-256 of the
 * device's client id and {@code mac} the first 16 bytes of HMAC-SHA256 under a 32-byte key kept in the store's
 * settings ({@code sm.download_token_key}), so every server node issues and accepts the same tokens. The token is
 * only a capability to ask: the download still checks that the device exists and that its application still reaches
 * the file's record.
 */
final class DownloadTokens {

    static final String SETTING = "sm.download_token_key";
    private static final byte VERSION = 1;
    private static final int BODY = 1 + 16 + 16 + 8 + 8;
    private static final int MAC = 16;

    private final byte[] key;

    /** What a valid token names. */
    record Claim(String fileUid, String appUid, byte[] clientTag, Instant expiresAt) {
    }

    DownloadTokens(byte[] key) {
        this.key = key.clone();
    }

    /** The installation's key, created on first use. */
    static DownloadTokens loadOrCreate(SettingsRepository settings) {
        String stored = settings.putIfAbsent(SETTING, Base64s.encode(CastellanRandom.bytes(32)));
        return new DownloadTokens(Base64s.decode(stored));
    }

    String issue(String fileUid, String appUid, String clientId, Instant expiresAt) {
        ByteBuffer buffer = ByteBuffer.allocate(BODY + MAC);
        buffer.put(VERSION).put(Uids.toBytes(fileUid)).put(Uids.toBytes(appUid)).put(clientTag(clientId))
                .putLong(expiresAt.toEpochMilli());
        byte[] body = Arrays.copyOf(buffer.array(), BODY);
        buffer.put(mac(body));
        return Base64s.encodeWebSafe(buffer.array());
    }

    /** The claim of a well-formed, authentic token that has not expired at {@code now}; otherwise empty. */
    Optional<Claim> verify(String token, Instant now) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64s.decodeWebSafe(token);
        } catch (CryptoException e) {
            return Optional.empty();
        }
        if (raw.length != BODY + MAC || raw[0] != VERSION) {
            return Optional.empty();
        }
        byte[] body = Arrays.copyOf(raw, BODY);
        if (!ConstantTime.equals(mac(body), Arrays.copyOfRange(raw, BODY, BODY + MAC))) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw, 1, BODY - 1);
        byte[] file = new byte[16];
        byte[] app = new byte[16];
        byte[] tag = new byte[8];
        buffer.get(file).get(app).get(tag);
        Instant expiresAt = Instant.ofEpochMilli(buffer.getLong());
        if (!expiresAt.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(new Claim(Uids.fromBytes(file), Uids.fromBytes(app), tag, expiresAt));
    }

    /** The first 8 bytes of SHA-256 of the client id. */
    static byte[] clientTag(String clientId) {
        return Arrays.copyOf(DeviceReplayGuard.sha256(clientId.getBytes(StandardCharsets.US_ASCII)), 8);
    }

    private byte[] mac(byte[] body) {
        return Arrays.copyOf(Hmacs.hmacSha256(key, body), MAC);
    }
}
