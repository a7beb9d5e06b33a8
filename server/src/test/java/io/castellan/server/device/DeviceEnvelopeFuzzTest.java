package io.castellan.server.device;

import static io.castellan.server.device.SmWorld.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Signatures;
import io.castellan.server.device.SmWorld.App;
import io.castellan.server.device.SmWorld.VaultRecord;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Fuzzes the Keeper-compatible device envelope (ksm-protocol.md §1.2-§1.5) end to end: one real HTTPS server on
 * SQLite, a bound device, and {@value #BASE_INPUTS} × {@code castellan.fuzz.scale} requests derived from one valid
 * signed {@code get_secret} (headers dropped, duplicated and garbled; body flipped, cut, emptied, extended; valid
 * envelopes re-sealed and re-signed around garbage JSON or wrong field types so the JSON parser is reached). Every
 * answer must be a Keeper-shaped 4xx within the per-request timeout; nothing may change (records, devices,
 * {@code secret_updated}); {@code /healthz} stays 200; a fresh valid request still works; and no response body or
 * log line holds the device's private key or the record's password canary. The seed is printed and can be replayed
 * with {@code -Dcastellan.fuzz.seed=N}. (Unknown properties are tolerated on purpose, WireJson, so wrong types are
 * put only in known fields.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class DeviceEnvelopeFuzzTest {

    /** Mutated requests at scale 1 (CI). */
    static final int BASE_INPUTS = 1_500;
    static final Duration PER_REQUEST = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;

    SmWorld world;
    App app;
    VaultRecord record;
    TestDevice device;
    String canary;
    ListAppender<ILoggingEvent> logs;
    Logger root;

    @BeforeAll
    void start() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        world = SmWorld.start(dataDir, b -> b.listen("127.0.0.1:0").deviceRequestsPerMinute(1_000_000));
        app = world.createApp(world.aliceSession, world.alice, "Fuzzed");
        canary = "CANARY-" + Base64s.encodeWebSafe(CastellanRandom.bytes(12));
        record = world.addRecord(world.aliceSession, world.alice, "{\"password\":\"" + canary + "\"}");
        world.grantRecord(world.aliceSession, app, record, true);
        device = world.addDevice(world.aliceSession, app, "fuzzed", false);
        device.bind();
    }

    @AfterAll
    void stop() {
        root.detachAppender(logs);
        if (world != null) {
            world.close();
        }
    }

    static int inputs() {
        return BASE_INPUTS * Integer.getInteger("castellan.fuzz.scale", 1);
    }

    static long seed() {
        return Long.getLong("castellan.fuzz.seed", System.nanoTime());
    }

    ObjectNode validPayload() {
        ObjectNode payload = device.payload();
        payload.putArray("requestedRecords").add(record.uid());
        return payload;
    }

    /** One request to send: headers (a list, so duplicates are possible), body, and what was done. */
    record Mutant(String what, List<String[]> headers, byte[] body) {
    }

    @Test
    void everyMutatedDeviceRequestIsAKeeperShaped4xxAndChangesNothing() throws Exception {
        long seed = seed();
        System.out.println("DeviceEnvelopeFuzzTest seed " + seed + " (-Dcastellan.fuzz.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        long records = world.count("records", "");
        long devices = world.count("devices", "");
        long updates = world.count("audit_events", "event_type = 'secret_updated'");

        // the base request is sent once first, so mutations that keep it valid can only be replays
        TestDevice.Sealed base = device.seal("get_secret", validPayload());
        assertThat(device.send(base).status()).isEqualTo(200);

        int n = inputs();
        Map<String, Integer> statuses = new TreeMap<>();
        List<byte[]> bodies = new ArrayList<>();
        long slowest = 0;
        for (int i = 0; i < n; i++) {
            Mutant m = mutate(random, base);
            long started = System.nanoTime();
            HttpResponse<byte[]> r;
            try {
                r = post(m);
            } catch (IllegalArgumentException e) {
                continue; // a header value java.net.http refuses to send; not a server input
            }
            slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            String context = "#" + i + " seed " + seed + " " + m.what() + " -> " + r.statusCode() + " " + body;
            statuses.merge(r.statusCode() + " " + m.what().replaceAll(":.*", ""), 1, Integer::sum);
            assertThat(r.statusCode()).as(context).isBetween(400, 499);
            JsonNode json = TestDevice.JSON.readTree(r.body());
            assertThat(json).as(context).isNotNull();
            assertThat(json.isObject() && json.hasNonNull("error")).as(context).isTrue();
            assertThat(json.get("error").asText()).as(context).isIn("bad_request", "access_denied", "key",
                    "replayed_request", "invalid_client_version", "not_found", "throttled");
            bodies.add(r.body());
        }
        System.out.println("DeviceEnvelopeFuzzTest: " + n + " inputs, slowest " + slowest + " ms, " + statuses);

        HttpResponse<byte[]> health = TestDeviceHttp.send(world.http, HttpRequest.newBuilder(
                URI.create(world.base + "/healthz")).timeout(PER_REQUEST).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(world.count("records", "")).isEqualTo(records);
        assertThat(world.count("devices", "")).isEqualTo(devices);
        assertThat(world.count("audit_events", "event_type = 'secret_updated'")).isEqualTo(updates);
        assertThat(world.api.store().records().get(record.uid()).orElseThrow().revision()).isEqualTo(1);
        // a fresh valid request still works and still decrypts to the canary
        ObjectNode answer = device.ok("get_secret", validPayload());
        assertThat(answer.get("records")).hasSize(1);

        List<String> secrets = List.of(
                Base64s.encode(EcKeys.pkcs8((ECPrivateKey) device.keys.getPrivate())),
                Base64s.encodeWebSafe(EcKeys.pkcs8((ECPrivateKey) device.keys.getPrivate())),
                Base64s.encode(scalar((ECPrivateKey) device.keys.getPrivate())),
                Base64s.encode(device.clientKey), Base64s.encodeWebSafe(device.clientKey),
                Base64s.encode(record.recordKey()), canary, world.aliceSession);
        assertNoSecrets(bodies, logs, secrets);
    }

    static byte[] scalar(ECPrivateKey key) {
        byte[] s = key.getS().toByteArray();
        return s.length == 32 ? s : Arrays.copyOfRange(s, Math.max(0, s.length - 32), s.length);
    }

    static void assertNoSecrets(List<byte[]> bodies, ListAppender<ILoggingEvent> logs, List<String> secrets) {
        for (byte[] body : bodies) {
            String text = new String(body, StandardCharsets.UTF_8);
            for (String secret : secrets) {
                assertThat(text).as("a response body").doesNotContain(secret);
            }
        }
        List<ILoggingEvent> events;
        synchronized (logs) {
            events = new ArrayList<>(logs.list);
        }
        for (ILoggingEvent event : events) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertThat(line).as("a log line").doesNotContain(secret);
            }
        }
        System.out.println("checked " + bodies.size() + " bodies and " + events.size() + " log lines for "
                + secrets.size() + " secrets");
    }

    HttpResponse<byte[]> post(Mutant m) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(world.base + "/api/rest/sm/v1/get_secret"))
                .timeout(PER_REQUEST).POST(HttpRequest.BodyPublishers.ofByteArray(m.body()));
        for (String[] h : m.headers()) {
            request.header(h[0], h[1]);
        }
        HttpRequest built = request.build();
        return TestDeviceHttp.send(world.http, built);
    }

    // ---- mutations ----

    static final String[] NAMES = {"PublicKeyId", "TransmissionKey", "Authorization"};

    Mutant mutate(SplittableRandom r, TestDevice.Sealed base) {
        int kind = r.nextInt(100);
        if (kind < 15) {
            return headerMutant(r, base, "PublicKeyId", publicKeyId(r, base.headers().get("PublicKeyId")));
        }
        if (kind < 35) {
            return headerMutant(r, base, "TransmissionKey", transmissionKey(r, base.headers().get("TransmissionKey")));
        }
        if (kind < 50) {
            return headerMutant(r, base, "Authorization", authorization(r, base));
        }
        if (kind < 58) {
            return structural(r, base);
        }
        if (kind < 72) {
            byte[] body = body(r, base.body());
            return new Mutant("body", headers(base.headers()), body);
        }
        if (kind < 86) {
            byte[] garbage = garbageJson(r);
            return resealed(r, "garbage-json " + lastGarbage, garbage);
        }
        ObjectNode wrong = wrongTypes(r);
        return resealed(r, "wrong-type " + lastWrong, utf8(wrong.toString()));
    }

    static List<String[]> headers(Map<String, String> headers) {
        List<String[]> list = new ArrayList<>();
        headers.forEach((k, v) -> list.add(new String[] {k, v}));
        return list;
    }

    static Mutant headerMutant(SplittableRandom r, TestDevice.Sealed base, String name, String value) {
        List<String[]> list = new ArrayList<>();
        for (String[] h : headers(base.headers())) {
            list.add(h[0].equals(name) ? new String[] {name, value} : h);
        }
        if (value == null) {
            list.removeIf(h -> h[0].equals(name));
        }
        return new Mutant(name + ":" + abbreviate(value), list, base.body());
    }

    /** Drop or duplicate one header (duplicates with the same or another value, in either order). */
    static Mutant structural(SplittableRandom r, TestDevice.Sealed base) {
        String name = NAMES[r.nextInt(NAMES.length)];
        List<String[]> list = headers(base.headers());
        switch (r.nextInt(3)) {
            case 0 -> {
                list.removeIf(h -> h[0].equals(name));
                return new Mutant("drop:" + name, list, base.body());
            }
            case 1 -> {
                list.add(new String[] {name, base.headers().get(name)});
                return new Mutant("duplicate:" + name, list, base.body());
            }
            default -> {
                list.add(0, new String[] {name, printable(r, 1 + r.nextInt(40))});
                return new Mutant("duplicate-garbage-first:" + name, list, base.body());
            }
        }
    }

    static String publicKeyId(SplittableRandom r, String valid) {
        return switch (r.nextInt(12)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "-" + valid;
            case 3 -> "-1";
            case 4 -> "99999999999999999999999999";
            case 5 -> Long.toString(r.nextLong());
            case 6 -> Integer.toString(Integer.MAX_VALUE);
            case 7 -> "0x" + valid;
            case 8 -> valid + "a";
            case 9 -> "1e3";
            case 10 -> Integer.toString(1 + r.nextInt(1_000_000) + Integer.parseInt(valid));
            default -> printable(r, 1 + r.nextInt(30));
        };
    }

    static String transmissionKey(SplittableRandom r, String valid) {
        byte[] raw = Base64s.decode(valid);
        return switch (r.nextInt(10)) {
            case 0 -> null;
            case 1 -> Base64s.encode(flip(r, raw));
            case 2 -> Base64s.encode(Arrays.copyOf(raw, r.nextInt(raw.length)));
            case 3 -> Base64s.encode(Arrays.copyOf(raw, raw.length + 1 + r.nextInt(64)));
            case 4 -> Base64s.encode(CastellanRandom.bytes(r.nextInt(300)));
            case 5 -> printable(r, 1 + r.nextInt(200));
            case 6 -> valid.substring(0, r.nextInt(valid.length()));
            case 7 -> valid + "=";
            case 8 -> "x".repeat(400 + r.nextInt(400));
            default -> {
                char[] c = valid.toCharArray();
                c[r.nextInt(c.length)] = "!@#$%^&*-_. ".charAt(r.nextInt(12));
                yield new String(c);
            }
        };
    }

    String authorization(SplittableRandom r, TestDevice.Sealed base) {
        String valid = base.headers().get("Authorization");
        byte[] der = Base64s.decode(valid.substring("Signature ".length()));
        return switch (r.nextInt(10)) {
            case 0 -> null;
            case 1 -> "Signature " + Base64s.encode(flip(r, der));
            case 2 -> "Signature " + Base64s.encode(Arrays.copyOf(der, r.nextInt(der.length)));
            case 3 -> "Signature " + printable(r, 1 + r.nextInt(120));
            case 4 -> printable(r, 1 + r.nextInt(120));
            case 5 -> "Bearer " + valid.substring("Signature ".length());
            case 6 -> "signature " + valid.substring("Signature ".length());
            case 7 -> {
                // well-formed DER from the right key, over other bytes
                byte[] other = CastellanRandom.bytes(1 + r.nextInt(200));
                yield "Signature " + Base64s.encode(Signatures.signDer((ECPrivateKey) device.keys.getPrivate(), other));
            }
            case 8 -> {
                // the right bytes, another key
                byte[] signed = concat(Base64s.decode(base.headers().get("TransmissionKey")), base.body());
                yield "Signature " + Base64s.encode(Signatures.signDer(
                        (ECPrivateKey) EcKeys.generateKeyPair().getPrivate(), signed));
            }
            default -> "Signature ";
        };
    }

    static byte[] body(SplittableRandom r, byte[] valid) {
        return switch (r.nextInt(6)) {
            case 0 -> flip(r, valid);
            case 1 -> Arrays.copyOf(valid, r.nextInt(valid.length));
            case 2 -> new byte[0];
            case 3 -> concat(valid, CastellanRandom.bytes(1 + r.nextInt(64)));
            case 4 -> CastellanRandom.bytes(r.nextInt(2_000));
            default -> utf8("{\"clientId\":\"x\"}");
        };
    }

    /** A new transmission key sealed to the real server key and signed by the device: only the JSON is wrong. */
    Mutant resealed(SplittableRandom r, String what, byte[] json) {
        byte[] tk = CastellanRandom.bytes(32);
        byte[] sealedKey = Ecies.seal(device.serverKey.publicKeyRaw(), tk);
        byte[] body = Aes256Gcm.encrypt(tk, json);
        byte[] signature = Signatures.signDer((ECPrivateKey) device.keys.getPrivate(), concat(sealedKey, body));
        List<String[]> list = new ArrayList<>();
        list.add(new String[] {"PublicKeyId", Integer.toString(device.serverKey.keyId())});
        list.add(new String[] {"TransmissionKey", Base64s.encode(sealedKey)});
        list.add(new String[] {"Authorization", "Signature " + Base64s.encode(signature)});
        list.add(new String[] {"Content-Type", "application/x-www-form-urlencoded"});
        return new Mutant(what + ": " + abbreviate(new String(json, StandardCharsets.UTF_8)), list, body);
    }

    String lastGarbage;

    byte[] garbageJson(SplittableRandom r) {
        String valid = validPayload().toString();
        int kind = r.nextInt(9);
        lastGarbage = "kind " + kind;
        return switch (kind) {
            case 0 -> utf8(valid.substring(0, r.nextInt(valid.length())));
            case 1 -> utf8(valid + printable(r, 1 + r.nextInt(10)));
            case 2 -> utf8("[" + valid + "]");
            case 3 -> utf8("{\"clientVersion\":\"" + device.clientVersion + "\"}");
            case 4 -> utf8("[".repeat(1 + r.nextInt(5_000)));
            case 5 -> utf8("{\"a\":".repeat(1 + r.nextInt(3_000)));
            case 6 -> CastellanRandom.bytes(r.nextInt(200));
            case 7 -> utf8(valid.replace("{", "{\"clientId\":\"" + device.clientId + "\","));
            default -> {
                // one structural character swapped for another (inside strings a change could stay valid)
                char[] c = valid.toCharArray();
                String structural = "{}[]\":,";
                List<Integer> at = new ArrayList<>();
                for (int i = 0; i < c.length; i++) {
                    if (structural.indexOf(c[i]) >= 0) {
                        at.add(i);
                    }
                }
                int i = at.get(r.nextInt(at.size()));
                char other;
                do {
                    other = structural.charAt(r.nextInt(structural.length()));
                } while (other == c[i]);
                c[i] = other;
                yield utf8(new String(c));
            }
        };
    }

    String lastWrong;

    ObjectNode wrongTypes(SplittableRandom r) {
        ObjectNode payload = validPayload();
        JsonNodeFactory f = JsonNodeFactory.instance;
        String field = List.of("clientVersion", "clientId", "requestedRecords", "requestedFolders", "requestLinks",
                "publicKey").get(r.nextInt(6));
        JsonNode value = switch (r.nextInt(9)) {
            case 0 -> f.numberNode(r.nextLong());
            case 1 -> f.booleanNode(r.nextBoolean());
            case 2 -> f.objectNode().put("x", 1);
            case 3 -> f.arrayNode().add(1).add("x");
            case 4 -> f.numberNode(new java.math.BigDecimal("1e" + (r.nextBoolean() ? "" : "-") + (999_999 + r.nextInt(1 << 30))));
            case 5 -> f.textNode(printable(r, r.nextInt(300)));
            case 6 -> f.arrayNode().add(f.objectNode());
            case 7 -> f.numberNode(1.5);
            default -> f.textNode("x".repeat(200 + r.nextInt(5_000)));
        };
        if (field.equals("requestLinks") && value.isBoolean()) {
            value = f.textNode("true"); // a string is not a boolean (no scalar coercion)
        }
        if (field.startsWith("requested") && value.isTextual()) {
            value = f.numberNode(7); // keep it the wrong type
        }
        if (field.equals("publicKey") && value.isTextual()) {
            // text that is not a 65-byte key
            value = f.textNode(Base64s.encode(CastellanRandom.bytes(r.nextInt(64))));
        }
        payload.set(field, value);
        lastWrong = field + "=" + abbreviate(value.toString());
        return payload;
    }

    static byte[] flip(SplittableRandom r, byte[] in) {
        byte[] out = in.clone();
        int flips = 1 + r.nextInt(3);
        for (int i = 0; i < flips && out.length > 0; i++) {
            out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String printable(SplittableRandom r, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) (0x21 + r.nextInt(0x7e - 0x21)));
        }
        return sb.toString();
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "(absent)";
        }
        return s.length() <= 60 ? s : s.substring(0, 60) + "…(" + s.length() + ")";
    }
}
