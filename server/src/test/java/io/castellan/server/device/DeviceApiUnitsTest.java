package io.castellan.server.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.MutableClock;
import io.castellan.store.DeviceKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The device API's small parts: multipart reading, download tokens, throttling, value checks. */
class DeviceApiUnitsTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void multipartReadsTheJavaSdksLayoutWithBinaryContent() {
        byte[] file = new byte[256];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) i; // includes CR, LF and '-' bytes
        }
        String boundary = "----------65f0a1b2";
        byte[] head = ascii("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nvalue"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n");
        byte[] tail = ascii("\r\n--" + boundary + "--\r\n");
        byte[] body = concat(head, file, tail);
        Map<String, byte[]> parts = Multipart.parse("multipart/form-data; boundary=" + boundary, body);
        assertThat(parts).containsOnlyKeys("key", "file");
        assertThat(parts.get("key")).isEqualTo(ascii("value"));
        assertThat(parts.get("file")).isEqualTo(file);
    }

    @Test
    void multipartReadsNodesLayoutAndAQuotedBoundary() {
        String boundary = "--------------------------123456789012345678901234";
        byte[] body = ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nabc\r\n--" + boundary + "--\r\n");
        assertThat(Multipart.parse("multipart/form-data; boundary=\"" + boundary + "\"", body).get("file"))
                .isEqualTo(ascii("abc"));
        assertThat(Multipart.parse("Multipart/Form-Data;boundary=" + boundary, body).get("file"))
                .isEqualTo(ascii("abc"));
    }

    @Test
    void malformedMultipartIsABadRequest() {
        for (String[] c : new String[][] {
                {"application/json", "--b\r\n\r\nx\r\n--b--"},
                {"multipart/form-data", "--b\r\n\r\nx\r\n--b--"},
                {"multipart/form-data; boundary=b", "no delimiter at all"},
                {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx"},
                {"multipart/form-data; boundary=b", "--bXX"}}) {
            assertThatThrownBy(() -> Multipart.parse(c[0], ascii(c[1])))
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
    }

    @Test
    void downloadTokensAreBoundToFileAppClientAndTime() {
        DownloadTokens tokens = new DownloadTokens(CastellanRandom.bytes(32));
        String file = Uids.newUid();
        String app = Uids.newUid();
        Instant now = Instant.ofEpochMilli(1_800_000_000_000L);
        String token = tokens.issue(file, app, "client-id", now.plusSeconds(60));
        DownloadTokens.Claim claim = tokens.verify(token, now).orElseThrow();
        assertThat(claim.fileUid()).isEqualTo(file);
        assertThat(claim.appUid()).isEqualTo(app);
        assertThat(claim.clientTag()).isEqualTo(DownloadTokens.clientTag("client-id"));
        assertThat(tokens.verify(token, now.plusSeconds(60))).as("expired").isEmpty();
        assertThat(new DownloadTokens(CastellanRandom.bytes(32)).verify(token, now)).as("another key").isEmpty();
        byte[] raw = Base64s.decodeWebSafe(token);
        for (int i = 0; i < raw.length; i++) {
            byte[] flipped = raw.clone();
            flipped[i] ^= 0x01;
            assertThat(tokens.verify(Base64s.encodeWebSafe(flipped), now)).as("bit flipped at " + i).isEmpty();
        }
        assertThat(tokens.verify(Base64s.encodeWebSafe(Arrays.copyOf(raw, raw.length - 1)), now)).isEmpty();
        assertThat(tokens.verify("not a token", now)).isEmpty();
        assertThat(tokens.verify(null, now)).isEmpty();
    }

    @Test
    void theRateLimiterRefillsAtTheConfiguredRate() {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_800_000_000_000L));
        DeviceRateLimiter limiter = new DeviceRateLimiter(clock, 60, 600);
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.acquire("a", DeviceKind.DEVICE)).isZero();
        }
        assertThat(limiter.acquire("a", DeviceKind.DEVICE)).isEqualTo(1);
        assertThat(limiter.acquire("b", DeviceKind.DEVICE)).as("per device").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.acquire("a", DeviceKind.DEVICE)).isZero();
        assertThat(limiter.acquire("a", DeviceKind.DEVICE)).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.acquire("a", DeviceKind.DEVICE)).as("refilled to the burst size only").isZero();
        }
        assertThat(limiter.acquire("a", DeviceKind.DEVICE)).isPositive();
    }

    @Test
    void aGatewayHasItsOwnHigherRate() {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_800_000_000_000L));
        DeviceRateLimiter limiter = new DeviceRateLimiter(clock, 60, 600);
        for (int i = 0; i < 600; i++) {
            assertThat(limiter.acquire("gw", DeviceKind.GATEWAY)).as("request %d", i).isZero();
        }
        assertThat(limiter.acquire("gw", DeviceKind.GATEWAY)).isEqualTo(1);
        clock.advance(Duration.ofMillis(100));
        assertThat(limiter.acquire("gw", DeviceKind.GATEWAY)).as("refills at 10 a second").isZero();
        assertThat(limiter.acquire("app", DeviceKind.DEVICE)).as("a device's bucket is separate").isZero();
    }

    @Test
    void valueChecks() {
        WireValues.checkClientVersion("mj17.0.0");
        WireValues.checkClientVersion("ms17.5.0");
        WireValues.checkClientVersion("mp16.6.5");
        WireValues.checkClientVersion("mn16.6.0");
        for (String bad : new String[] {"", "17.0.0", "castellan", "mj", "MJ17.0.0", "mj17.0.0; DROP", "m".repeat(40)}) {
            assertThatThrownBy(() -> WireValues.checkClientVersion(bad))
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CLIENT_VERSION));
        }
        byte[] bytes = CastellanRandom.bytes(60);
        assertThat(WireValues.bytes(Base64s.encode(bytes), "k", 60, 60)).isEqualTo(bytes);
        assertThat(WireValues.bytes(Base64s.encodeWebSafe(bytes), "k", 60, 60)).isEqualTo(bytes);
        assertThatThrownBy(() -> WireValues.bytes("a-b+c/d=", "k", 1, 60)).isInstanceOf(CastellanException.class);
        assertThatThrownBy(() -> WireValues.bytes(Base64s.encode(bytes), "k", 61, 70))
                .isInstanceOf(CastellanException.class);
        assertThat(WireValues.host("localhost:8443")).isEqualTo("localhost:8443");
        assertThat(WireValues.host("vault.example.com")).isEqualTo("vault.example.com");
        assertThat(WireValues.host("[::1]:8443")).isEqualTo("[::1]:8443");
        for (String bad : new String[] {"evil.com/x", "a b", "host:port", "", "x@y"}) {
            assertThatThrownBy(() -> WireValues.host(bad)).isInstanceOf(CastellanException.class);
        }
        assertThatThrownBy(() -> WireValues.host(null)).isInstanceOf(CastellanException.class);
        assertThat(WireValues.address("0:0:0:0:0:0:0:1")).isEqualTo(WireValues.address("::1"));
        assertThat(WireValues.address("[::1]")).isEqualTo(WireValues.address("::1"));
        assertThat(WireValues.address("127.0.0.2")).isEqualTo("127.0.0.2");
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void boundKeysAreDecodedOnceAndABadPointIsNeverKept() {
        DevicePublicKeys keys = new DevicePublicKeys();
        byte[] raw = io.castellan.crypto.EcKeys.rawPublicKey((java.security.interfaces.ECPublicKey)
                io.castellan.crypto.EcKeys.generateKeyPair().getPublic());
        java.security.interfaces.ECPublicKey first = keys.of(raw);
        assertThat(keys.of(raw.clone())).isSameAs(first);
        assertThat(io.castellan.crypto.EcKeys.rawPublicKey(first)).isEqualTo(raw);
        // the cache holds its own copy: the caller's array changing afterwards changes nothing
        byte[] mutable = raw.clone();
        keys.of(mutable);
        mutable[10] ^= 1;
        assertThat(keys.of(raw)).isSameAs(first);
        byte[] offCurve = raw.clone();
        offCurve[64] ^= 1;
        assertThatThrownBy(() -> keys.of(offCurve)).isInstanceOf(io.castellan.crypto.CryptoException.class);
        assertThat(keys.size()).isEqualTo(1);
    }
}
