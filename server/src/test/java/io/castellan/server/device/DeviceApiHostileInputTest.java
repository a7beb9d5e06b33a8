package io.castellan.server.device;

import static io.castellan.server.device.SmWorld.b64;
import static io.castellan.server.device.SmWorld.json;
import static io.castellan.server.device.SmWorld.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and malformed device requests (embedded store): every one is refused with a Keeper-shaped error, never a
 * 5xx, and changes nothing. Also the IP lock from a second source address, throttling, and both content types the
 * SDKs send.
 */
@Timeout(60)
class DeviceApiHostileInputTest {

    private static final Set<String> KSM_KEYS = new TreeSet<>(List.of("path", "additional_info", "location", "error",
            "message"));

    @TempDir
    Path dataDir;

    SmWorld world;
    App app;
    VaultRecord record;
    TestDevice device;

    @BeforeEach
    void start() throws Exception {
        world = SmWorld.start(dataDir, b -> b.listen("127.0.0.1:0").deviceRequestsPerMinute(600));
        app = world.createApp(world.aliceSession, world.alice, "Target");
        record = world.addRecord(world.aliceSession, world.alice, "{\"password\":\"keep\"}");
        world.grantRecord(world.aliceSession, app, record, true);
        device = world.addDevice(world.aliceSession, app, "victim", true);
        device.bind();
    }

    @AfterEach
    void stop() {
        world.close();
    }

    static void assertKsmError(TestDevice.Reply reply, int status, String error) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.json()).as(reply.text()).isNotNull();
        assertThat(reply.error()).isEqualTo(error);
    }

    static void assertGeneralShape(TestDevice.Reply reply) {
        List<String> keys = new ArrayList<>();
        reply.json().fieldNames().forEachRemaining(keys::add);
        assertThat(new TreeSet<>(keys)).isEqualTo(KSM_KEYS);
        assertThat(reply.json().get("additional_info").asText()).isEmpty();
    }

    ObjectNode update(String json) {
        return device.payload().put("recordUid", record.uid())
                .put("data", Base64s.encodeWebSafe(Aes256Gcm.encrypt(record.recordKey(), utf8(json))))
                .put("revision", 1);
    }

    long revision() {
        return world.api.store().records().get(record.uid()).orElseThrow().revision();
    }

    @Test
    void aBadSignatureIsRefusedAndAudited() {
        TestDevice.Sealed sealed = device.seal("update_secret", update("{\"password\":\"evil\"}"));
        Map<String, String> headers = new LinkedHashMap<>(sealed.headers());
        KeyPair other = EcKeys.generateKeyPair();
        byte[] signed = concat(Base64s.decode(headers.get("TransmissionKey")), sealed.body());
        headers.put("Authorization", "Signature " + Base64s.encode(Signatures.signDer((ECPrivateKey) other.getPrivate(),
                signed)));
        TestDevice.Reply reply = device.send(new TestDevice.Sealed(sealed.path(), headers, sealed.body(),
                sealed.transmissionKey()));
        assertKsmError(reply, 403, "access_denied");
        assertGeneralShape(reply);
        assertThat(reply.json().get("message").asText()).isEqualTo("Signature is invalid");
        assertThat(reply.json().get("path").asText()).isEqualTo("update_secret");
        // the body altered after signing no longer decrypts (the device is not even known yet): 400
        byte[] altered = sealed.body().clone();
        altered[altered.length - 1] ^= 1;
        assertKsmError(device.send(new TestDevice.Sealed(sealed.path(), sealed.headers(), altered,
                sealed.transmissionKey())), 400, "bad_request");
        // the right key's signature over another request's sealed key
        TestDevice.Sealed otherRequest = device.seal("update_secret", update("{\"password\":\"evil\"}"));
        Map<String, String> swapped = new LinkedHashMap<>(otherRequest.headers());
        swapped.put("Authorization", sealed.headers().get("Authorization"));
        assertKsmError(device.send(new TestDevice.Sealed(otherRequest.path(), swapped, otherRequest.body(),
                otherRequest.transmissionKey())), 403, "access_denied");
        // an unbound device must sign with the key it offers
        TestDevice fresh = world.addDevice(world.aliceSession, app, "fresh", false);
        ObjectNode offer = fresh.payload().put("publicKey", b64(EcKeys.rawPublicKey((ECPublicKey) other.getPublic())));
        assertKsmError(fresh.call("get_secret", offer), 403, "access_denied");
        assertThat(world.count("devices", "public_key IS NULL")).isEqualTo(1);
        assertThat(revision()).isEqualTo(1);
        assertThat(world.count("audit_events", "event_type = 'device_access_denied' AND result = 'denied'"))
                .isEqualTo(3);
    }

    @Test
    void aReplayedTransmissionKeyIsRefused() {
        TestDevice.Sealed sealed = device.seal("update_secret", update("{\"password\":\"once\"}"));
        assertThat(device.send(sealed).status()).isEqualTo(200);
        TestDevice.Reply replay = device.send(sealed);
        assertKsmError(replay, 400, "replayed_request");
        assertGeneralShape(replay);
        assertThat(revision()).isEqualTo(2);
        TestDevice.Sealed read = device.seal("get_secret", device.payload());
        assertThat(device.send(read).status()).isEqualTo(200);
        assertKsmError(device.send(read), 400, "replayed_request");
    }

    @Test
    void anUnknownServerKeyIdGetsKeepersKeyErrorWithTheCurrentId() throws Exception {
        int current = world.api.server.transmissionKeys().current().keyId();
        TestDevice.Sealed sealed = device.seal("get_secret", device.payload(), 7,
                world.api.server.transmissionKeys().current().publicKeyRaw());
        TestDevice.Reply reply = device.send(sealed);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text()).isEqualTo("{\"error\":\"key\",\"key_id\":" + current + "}");
        Map<String, String> noId = new LinkedHashMap<>(sealed.headers());
        noId.remove("PublicKeyId");
        assertThat(device.post("get_secret", noId, sealed.body()).statusCode()).isEqualTo(400);
        // sealed to another key under the right id: does not open
        TestDevice.Sealed wrongKey = device.seal("get_secret", device.payload(), current,
                EcKeys.rawPublicKey((ECPublicKey) EcKeys.generateKeyPair().getPublic()));
        assertKsmError(device.send(wrongKey), 400, "bad_request");
    }

    @Test
    void garbageIsABadRequestNeverAServerError() throws Exception {
        TestDevice.Sealed good = device.seal("get_secret", device.payload());
        List<HttpResponse<byte[]>> responses = new ArrayList<>();
        for (String garbage : List.of("!!!not base64!!!", "", "AAAA", Base64s.encode(CastellanRandom.bytes(125)),
                "x".repeat(600))) {
            Map<String, String> headers = new LinkedHashMap<>(good.headers());
            headers.put("TransmissionKey", garbage);
            responses.add(device.post("get_secret", headers, good.body()));
        }
        for (String auth : List.of("Signature !!!", "Bearer abc", "Signature " + Base64s.encode(new byte[70]))) {
            Map<String, String> headers = new LinkedHashMap<>(device.seal("get_secret", device.payload()).headers());
            headers.put("Authorization", auth);
            responses.add(device.post("get_secret", headers, good.body()));
        }
        responses.add(device.post("get_secret", good.headers(), CastellanRandom.bytes(40)));
        responses.add(device.post("get_secret", good.headers(), new byte[0]));
        for (HttpResponse<byte[]> r : responses) {
            assertThat(r.statusCode()).as(new String(r.body())).isIn(400, 403);
            JsonNode body = TestDevice.JSON.readTree(r.body());
            assertThat(body.get("error").asText()).isIn("bad_request", "access_denied");
            assertThat(body.get("location").asText()).isEqualTo("castellan device api");
        }

        // well-encrypted but wrong inside: not JSON, wrong types, bad values, bad client version, unknown client
        List<TestDevice.Reply> replies = new ArrayList<>();
        replies.add(sendRaw("get_secret", utf8("not json")));
        replies.add(sendRaw("get_secret", utf8("[1,2]")));
        replies.add(sendRaw("get_secret", utf8("{\"clientVersion\":\"mj17.0.0\"}")));
        replies.add(device.call("update_secret", update("{}").put("revision", "one")));
        replies.add(device.call("update_secret", update("{}").put("data", "%%%")));
        replies.add(device.call("update_secret", update("{}").put("recordUid", "../../etc")));
        replies.add(device.call("update_secret", update("{}").put("transactionType", "sideways")));
        replies.add(device.call("delete_secret", device.payload().set("recordUids", json().arrayNode())));
        replies.add(device.call("create_folder", device.payload().put("folderUid", "x")));
        replies.add(device.call("add_file", device.payload().put("fileRecordUid", record.uid())));
        for (TestDevice.Reply r : replies) {
            assertKsmError(r, 400, "bad_request");
            assertGeneralShape(r);
        }
        device.clientVersion = "castellan/1.0";
        assertKsmError(device.call("get_secret", device.payload()), 400, "invalid_client_version");
        device.clientVersion = "mj17.0.0";
        TestDevice stranger = TestDevice.fresh(world.base, device.serverKey, world.http);
        assertKsmError(stranger.call("get_secret", stranger.payload().put("publicKey", b64(stranger.publicKeyRaw()))),
                403, "access_denied");
        assertKsmError(device.call("no_such_endpoint", device.payload()), 404, "not_found");
        assertThat(revision()).isEqualTo(1);
        // a GET or an empty upload/download token is refused cleanly too
        HttpResponse<byte[]> get = TestDeviceHttp.send(world.http, HttpRequest.newBuilder(
                URI.create(world.base + "/api/rest/sm/v1/files/download/garbage")).GET().build());
        assertThat(get.statusCode()).isEqualTo(403);
        HttpResponse<byte[]> upload = TestDeviceHttp.send(world.http, HttpRequest.newBuilder(
                URI.create(world.base + "/api/rest/sm/v1/files/upload/" + Base64s.encodeWebSafe(new byte[32])))
                .header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disposition: form-data; name=\"file\""
                        + "\r\n\r\nabc\r\n--xyz--\r\n")).build());
        assertThat(upload.statusCode()).isEqualTo(404);
    }

    @Test
    void anOversizedBodyIs413() {
        ObjectNode huge = device.payload().put("recordUid", record.uid()).put("revision", 1)
                .put("data", Base64s.encodeWebSafe(CastellanRandom.bytes(1100 * 1024)));
        TestDevice.Reply reply = device.call("update_secret", huge);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(revision()).isEqualTo(1);
    }

    @Test
    void bothContentTypesTheSdksSendWork() {
        device.contentType = "application/octet-stream";
        assertThat(device.call("get_secret", device.payload()).status()).isEqualTo(200);
        device.contentType = null;
        assertThat(device.call("get_secret", device.payload()).status()).isEqualTo(200);
        device.contentType = "application/x-www-form-urlencoded";
        assertThat(device.call("update_secret", update("{\"password\":\"form\"}")).status()).isEqualTo(200);
        assertThat(revision()).isEqualTo(2);
    }

    @Test
    void anIpLockedDeviceIsRefusedFromAnotherAddress() throws Exception {
        HttpClient elsewhere = TestDevice.httpClient(dataDir, "127.0.0.2");
        TestDevice.Reply moved = device.via(elsewhere).call("get_secret", device.payload());
        assertKsmError(moved, 403, "access_denied");
        assertThat(moved.json().get("message").asText()).contains("IP");
        assertThat(device.call("get_secret", device.payload()).status()).isEqualTo(200);
        // an unlocked device may move
        TestDevice roaming = world.addDevice(world.aliceSession, app, "roaming", false);
        roaming.bind();
        assertThat(roaming.via(elsewhere).call("get_secret", roaming.payload()).status()).isEqualTo(200);
        // binding locks to the first request's address
        TestDevice locked = world.addDevice(world.aliceSession, app, "locked-elsewhere", true);
        locked.via(elsewhere).bind();
        assertThat(world.count("devices", "locked_ip = '127.0.0.2'")).isEqualTo(1);
        assertKsmError(locked.call("get_secret", locked.payload()), 403, "access_denied");
    }

    @Test
    void aDeviceOverItsRateIsThrottledWithRetryAfter() throws Exception {
        world.close();
        world = SmWorld.start(dataDir.resolve("throttled"), b -> b.deviceRequestsPerMinute(3));
        app = world.createApp(world.aliceSession, world.alice, "Busy");
        TestDevice busy = world.addDevice(world.aliceSession, app, "busy", false);
        busy.bind();
        busy.ok("get_secret", busy.payload());
        busy.ok("get_secret", busy.payload());
        TestDevice.Reply throttled = busy.call("get_secret", busy.payload());
        assertThat(throttled.status()).isEqualTo(403);
        assertThat(throttled.error()).isEqualTo("throttled");
        assertThat(throttled.json().get("retry_after").asLong()).isBetween(1L, 20L);
        world.api.clock.advance(java.time.Duration.ofSeconds(throttled.json().get("retry_after").asLong()));
        assertThat(busy.call("get_secret", busy.payload()).status()).isEqualTo(200);
    }

    private TestDevice.Reply sendRaw(String path, byte[] plaintext) {
        byte[] tk = CastellanRandom.bytes(32);
        byte[] sealedKey = Ecies.seal(device.serverKey.publicKeyRaw(), tk);
        byte[] body = Aes256Gcm.encrypt(tk, plaintext);
        byte[] signature = Signatures.signDer((ECPrivateKey) device.keys.getPrivate(), concat(sealedKey, body));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("PublicKeyId", Integer.toString(device.serverKey.keyId()));
        headers.put("TransmissionKey", Base64s.encode(sealedKey));
        headers.put("Authorization", "Signature " + Base64s.encode(signature));
        return device.send(new TestDevice.Sealed(path, headers, body, tk));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
