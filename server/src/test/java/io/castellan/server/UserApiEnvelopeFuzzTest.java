package io.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Uids;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Fuzzes the user-API envelope (docs/api.md "Envelope") end to end: one real HTTPS server on SQLite, a logged-in
 * administrator, and {@value #BASE_INPUTS} × {@code castellan.fuzz.scale} requests derived from valid
 * {@code login_start}, {@code whoami} and {@code record_get} calls: {@code PublicKeyId}, {@code TransmissionKey} and
 * body garbled, dropped or duplicated, and well-sealed bodies with garbage JSON, bad {@code ts} or bad
 * {@code session} values. Every answer must be a 4xx with a plaintext {@code {"error": code}} from docs/errors.md,
 * within the per-request timeout; {@code /healthz} stays 200, the session still works, and no response body or log
 * line holds the session token or a record's password canary. Seed: printed; replay with
 * {@code -Dcastellan.fuzz.seed=N}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class UserApiEnvelopeFuzzTest {

    /** Mutated requests at scale 1 (CI). */
    static final int BASE_INPUTS = 1_500;
    static final Duration PER_REQUEST = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();
    /** The 4xx codes of docs/errors.md. */
    static final Set<String> CATALOGUE = Set.of("bad_request", "validation_failed", "payload_too_large",
            "unauthenticated", "forbidden", "not_found", "conflict", "throttled", "key", "replayed_request",
            "stale_request", "invalid_client_version");
    static final List<String> COMMANDS = List.of("login_start", "whoami", "record_get");

    @TempDir
    static Path dataDir;

    ApiTestServer api;
    HttpClient http;
    String base;
    String session;
    String canary;
    byte[] recordKey;
    final TestAccount alice = TestAccount.create("alice@example.com", "Alice-Pa55word!");
    ListAppender<ILoggingEvent> logs;
    Logger root;
    String lastWhat;

    @BeforeAll
    void start() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        api = ApiTestServer.start(dataDir, b -> b.listen("127.0.0.1:0"));
        http = TestHttps.clientFor(dataDir);
        base = "https://localhost:" + api.server.port();
        session = api.admin(alice);
        canary = "CANARY-" + Base64s.encodeWebSafe(CastellanRandom.bytes(12));
        recordKey = CastellanRandom.bytes(32);
        api.client.ok("record_add", session, TestApiClient.object().put("uid", Uids.newUid())
                .put("data", Base64s.encode(Aes256Gcm.encrypt(recordKey,
                        ("{\"password\":\"" + canary + "\"}").getBytes(StandardCharsets.UTF_8))))
                .put("recordKey", Base64s.encode(Aes256Gcm.encrypt(alice.dataKey, recordKey)))
                .put("keyType", "data_key"));
    }

    @AfterAll
    void stop() {
        root.detachAppender(logs);
        if (api != null) {
            api.close();
        }
    }

    ObjectNode validRequest(String command, SplittableRandom r) {
        ObjectNode request = TestApiClient.object();
        switch (command) {
            case "login_start" -> request.put("email", "u" + r.nextInt(1_000_000) + "@example.com");
            case "record_get" -> request.put("uid", Uids.newUid()).put("session", session);
            default -> request.put("session", session);
        }
        return request;
    }

    @Test
    void everyMutatedUserApiRequestIsACatalogue4xx() throws Exception {
        long seed = Long.getLong("castellan.fuzz.seed", System.nanoTime());
        System.out.println("UserApiEnvelopeFuzzTest seed " + seed + " (-Dcastellan.fuzz.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, TestApiClient.Sealed> bases = new LinkedHashMap<>();
        for (String command : COMMANDS) {
            TestApiClient.Sealed sealed = api.client.seal(command, validRequest(command, random));
            TestApiClient.Reply reply = api.client.send(sealed);
            // sent once first: a mutation that keeps the request valid can only be a replay
            assertThat(reply.status()).as(command + " " + reply).isIn(200, 404);
            bases.put(command, sealed);
        }
        int n = BASE_INPUTS * Integer.getInteger("castellan.fuzz.scale", 1);
        Map<String, Integer> statuses = new TreeMap<>();
        List<byte[]> bodies = new ArrayList<>();
        long slowest = 0;
        for (int i = 0; i < n; i++) {
            String command = COMMANDS.get(random.nextInt(COMMANDS.size()));
            List<String[]> headers = new ArrayList<>();
            byte[] body = mutate(random, command, bases.get(command), headers);
            long started = System.nanoTime();
            HttpResponse<byte[]> r;
            try {
                r = post(command, headers, body);
            } catch (IllegalArgumentException e) {
                continue;
            }
            slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
            String text = new String(r.body(), StandardCharsets.UTF_8);
            String context = "#" + i + " seed " + seed + " " + command + " " + lastWhat + " -> " + r.statusCode()
                    + " " + text;
            statuses.merge(r.statusCode() + " " + lastWhat.replaceAll(":.*", ""), 1, Integer::sum);
            assertThat(r.statusCode()).as(context).isBetween(400, 499);
            JsonNode json = JSON.readTree(r.body());
            assertThat(json != null && json.isObject() && json.hasNonNull("error")).as(context).isTrue();
            assertThat(json.get("error").asText()).as(context).isIn(CATALOGUE);
            bodies.add(r.body());
        }
        System.out.println("UserApiEnvelopeFuzzTest: " + n + " inputs, slowest " + slowest + " ms, " + statuses);

        HttpResponse<byte[]> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                .timeout(PER_REQUEST).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(api.client.ok("whoami", session, TestApiClient.object()).toString()).contains(alice.email);

        List<String> secrets = List.of(session, canary, Base64s.encode(recordKey), Base64s.encode(alice.dataKey),
                Base64s.encode(alice.authHash));
        for (byte[] body : bodies) {
            String text = new String(body, StandardCharsets.UTF_8);
            for (String secret : secrets) {
                assertThat(text).as("a response body").doesNotContain(secret);
            }
        }
        List<ILoggingEvent> events = new ArrayList<>(logs.list);
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

    HttpResponse<byte[]> post(String command, List<String[]> headers, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/" + command))
                .timeout(PER_REQUEST).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String[] h : headers) {
            request.header(h[0], h[1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Fills {@code headers} and returns the body of one mutated request; {@link #lastWhat} says what was done. */
    byte[] mutate(SplittableRandom r, String command, TestApiClient.Sealed sealed, List<String[]> headers) {
        sealed.headers().forEach((k, v) -> headers.add(new String[] {k, v}));
        int kind = r.nextInt(100);
        if (kind < 15) {
            String id = sealed.headers().get("PublicKeyId");
            String value = switch (r.nextInt(9)) {
                case 0 -> null;
                case 1 -> "";
                case 2 -> "-" + id;
                case 3 -> "99999999999999999999999999";
                case 4 -> Long.toString(r.nextLong());
                case 5 -> "0x" + id;
                case 6 -> id + "a";
                case 7 -> Integer.toString(Integer.parseInt(id) + 1 + r.nextInt(1000));
                default -> printable(r, 1 + r.nextInt(30));
            };
            set(headers, "PublicKeyId", value);
            lastWhat = "PublicKeyId:" + value;
            return sealed.body();
        }
        if (kind < 35) {
            String valid = sealed.headers().get("TransmissionKey");
            byte[] raw = Base64s.decode(valid);
            String value = switch (r.nextInt(8)) {
                case 0 -> null;
                case 1 -> Base64s.encode(flip(r, raw));
                case 2 -> Base64s.encode(Arrays.copyOf(raw, r.nextInt(raw.length)));
                case 3 -> Base64s.encode(Arrays.copyOf(raw, raw.length + 1 + r.nextInt(64)));
                case 4 -> Base64s.encode(CastellanRandom.bytes(r.nextInt(300)));
                case 5 -> printable(r, 1 + r.nextInt(200));
                case 6 -> valid.substring(0, r.nextInt(valid.length()));
                default -> "x".repeat(400 + r.nextInt(2_000));
            };
            set(headers, "TransmissionKey", value);
            lastWhat = "TransmissionKey:" + abbreviate(value);
            return sealed.body();
        }
        if (kind < 42) {
            String name = r.nextBoolean() ? "PublicKeyId" : "TransmissionKey";
            headers.add(r.nextBoolean() ? 0 : headers.size(), new String[] {name,
                    r.nextBoolean() ? sealed.headers().get(name) : printable(r, 1 + r.nextInt(40))});
            lastWhat = "duplicate:" + name;
            return sealed.body();
        }
        if (kind < 58) {
            byte[] valid = sealed.body();
            lastWhat = "body:" + kind % 5;
            return switch (kind % 5) {
                case 0 -> flip(r, valid);
                case 1 -> Arrays.copyOf(valid, r.nextInt(valid.length));
                case 2 -> new byte[0];
                case 3 -> concat(valid, CastellanRandom.bytes(1 + r.nextInt(64)));
                default -> CastellanRandom.bytes(r.nextInt(2_000));
            };
        }
        // well sealed to the real server key: only the JSON inside is wrong
        headers.clear();
        byte[] json = innerJson(r, command);
        byte[] tk = CastellanRandom.bytes(32);
        headers.add(new String[] {"PublicKeyId", Integer.toString(api.server.transmissionKeys().current().keyId())});
        headers.add(new String[] {"TransmissionKey", Base64s.encode(Ecies.seal(
                api.server.transmissionKeys().current().publicKeyRaw(), tk))});
        headers.add(new String[] {"Content-Type", "application/octet-stream"});
        return Aes256Gcm.encrypt(tk, json);
    }

    byte[] innerJson(SplittableRandom r, String command) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode request = validRequest(command, r);
        long now = api.clock.millis();
        boolean needsSession = !command.equals("login_start");
        int kind = r.nextInt(needsSession ? 4 : 2);
        switch (kind) {
            case 0 -> {
                // garbage JSON
                request.put("ts", now);
                String valid = request.toString();
                String garbage = switch (r.nextInt(7)) {
                    case 0 -> valid.substring(0, r.nextInt(valid.length()));
                    case 1 -> valid + printable(r, 1 + r.nextInt(10));
                    case 2 -> "[" + valid + "]";
                    case 3 -> "[".repeat(1 + r.nextInt(5_000));
                    case 4 -> "{\"a\":".repeat(1 + r.nextInt(3_000));
                    case 5 -> valid.replace("{", "{\"ts\":" + now + ",");
                    default -> new String(CastellanRandom.bytes(r.nextInt(200)), StandardCharsets.ISO_8859_1);
                };
                lastWhat = "json:" + abbreviate(garbage);
                return garbage.getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> {
                // bad ts
                JsonNode ts = switch (r.nextInt(10)) {
                    case 0 -> null;
                    case 1 -> f.numberNode(now - 5 * 60_000 - 1 - r.nextInt(1_000_000_000));
                    case 2 -> f.numberNode(now + 5 * 60_000 + 1 + r.nextInt(1_000_000_000));
                    case 3 -> f.textNode(Long.toString(now));
                    case 4 -> f.numberNode(Long.MAX_VALUE);
                    case 5 -> f.numberNode(Long.MIN_VALUE);
                    case 6 -> f.numberNode(new java.math.BigDecimal("1e" + (100 + r.nextInt(1 << 30))));
                    case 7 -> f.numberNode(new java.math.BigInteger("9".repeat(20 + r.nextInt(500))));
                    case 8 -> f.objectNode().put("ts", now);
                    default -> f.booleanNode(true);
                };
                if (ts != null) {
                    request.set("ts", ts);
                }
                lastWhat = "ts:" + abbreviate(String.valueOf(ts));
            }
            default -> {
                // bad session
                request.put("ts", now);
                JsonNode value = switch (r.nextInt(9)) {
                    case 0 -> null;
                    case 1 -> f.textNode("");
                    case 2 -> f.textNode(session.substring(0, r.nextInt(session.length())));
                    case 3 -> f.textNode(session + "x");
                    case 4 -> f.textNode(Base64s.encodeWebSafe(CastellanRandom.bytes(1 + r.nextInt(64))));
                    case 5 -> f.numberNode(r.nextLong());
                    case 6 -> f.arrayNode().add(session);
                    case 7 -> f.objectNode().put("session", session);
                    default -> f.textNode(printable(r, 1 + r.nextInt(5_000)));
                };
                request.remove("session");
                if (value != null) {
                    request.set("session", value);
                }
                lastWhat = "session:" + (value == null ? "(absent)" : value.getNodeType() + "/" + value.toString().length());
            }
        }
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void set(List<String[]> headers, String name, String value) {
        headers.removeIf(h -> h[0].equals(name));
        if (value != null) {
            headers.add(new String[] {name, value});
        }
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
