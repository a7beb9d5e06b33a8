package io.castellan.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.DeviceIds;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Signatures;
import io.castellan.model.error.CastellanException;
import io.castellan.model.ksm.AddFileRequest;
import io.castellan.model.ksm.CompleteTransactionRequest;
import io.castellan.model.ksm.CreateFolderRequest;
import io.castellan.model.ksm.CreateSecretRequest;
import io.castellan.model.ksm.DeleteFolderRequest;
import io.castellan.model.ksm.DeleteSecretRequest;
import io.castellan.model.ksm.GetSecretRequest;
import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.model.ksm.KsmError;
import io.castellan.model.ksm.KsmRequest;
import io.castellan.model.ksm.SecretsManagerResponse;
import io.castellan.model.ksm.UpdateFolderRequest;
import io.castellan.model.ksm.UpdateSecretRequest;
import io.castellan.model.ksm.WireJson;
import io.castellan.model.record.RecordData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;

/**
 * An in-test Secrets Manager device API on HTTPS (JDK {@link HttpsServer}, self-signed certificate): it publishes its
 * transmission keys at {@code /.well-known/castellan/server-keys}, opens each envelope with the crypto module,
 * verifies the DER signature with the device's bound public key (taken from the first {@code get_secret}), binds
 * devices created by {@link #newToken()}, and serves a {@link FakeVault}. It records every decrypted call and can be
 * told to answer the next calls with a canned error. It plays the role the real server's device API will play, as
 * ksm-protocol.md describes it.
 */
public final class FakeDeviceServer implements AutoCloseable {

    /** A call as the server saw it. */
    public record Call(String path, JsonNode payload) {
    }

    private final HttpsServer server;
    private final TestCertificates.Issued certificate;
    private final WireJson wire = WireJson.create();
    private final ConcurrentSkipListMap<Integer, KeyPair> serverKeys = new ConcurrentSkipListMap<>();
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Deque<int[]> statuses = new ArrayDeque<>();
    private final Deque<String> bodies = new ArrayDeque<>();
    /** The vault served; tests add records and folders to it. */
    public final FakeVault vault = new FakeVault();
    private volatile boolean bindWithRecords;
    private volatile boolean minimalFoldersAnswer;

    private static final class Device {
        final byte[] clientKey;
        volatile ECPublicKey publicKey;

        Device(byte[] clientKey) {
            this.clientKey = clientKey;
        }
    }

    public FakeDeviceServer() throws Exception {
        certificate = TestCertificates.selfSigned("castellan-test");
        serverKeys.put(1, EcKeys.generateKeyPair());
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        vault.baseUrl = "https://" + hostname();
    }

    /** @return {@code 127.0.0.1:port} */
    public String hostname() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public TestCertificates.Issued certificate() {
        return certificate;
    }

    public String fingerprint() throws Exception {
        return certificate.fingerprint();
    }

    /** @return a fresh one-time token {@code 127.0.0.1:KEY} whose device is registered (the port must go in hostName) */
    public String newToken() {
        byte[] clientKey = CastellanRandom.bytes(32);
        devices.put(DeviceIds.clientId(clientKey), new Device(clientKey));
        return "127.0.0.1:" + Base64s.encodeWebSafe(clientKey);
    }

    /** @return the raw public key of the current transmission key */
    public byte[] currentServerKey() {
        return EcKeys.rawPublicKey((ECPublicKey) serverKeys.lastEntry().getValue().getPublic());
    }

    public int currentKeyId() {
        return serverKeys.lastKey();
    }

    /** Adds a key with the next id and stops accepting {@code retiredId}. */
    public int rotateKey(int retiredId) {
        int id = serverKeys.lastKey() + 1;
        serverKeys.put(id, EcKeys.generateKeyPair());
        serverKeys.remove(retiredId);
        return id;
    }

    /** Makes the binding answer carry the records too (Keeper's real server does; the SDK must not care). */
    public void bindWithRecords(boolean value) {
        bindWithRecords = value;
    }

    /**
     * Answers {@code get_folders} with only {@code {"folders":[…]}} (the model's {@code GetFoldersResponse}) instead
     * of the full {@code get_secret} shape with {@code encryptedAppKey} and {@code records} set to null, which Keeper's
     * Java SDK 17.0 requires.
     */
    public void minimalFoldersAnswer(boolean value) {
        minimalFoldersAnswer = value;
    }

    /** Answers the next device-API call with {@code status} and this plain body instead of serving it. */
    public synchronized void failNext(int status, String body) {
        statuses.add(new int[] {status});
        bodies.add(body);
    }

    /** Forgets the bound public key of every device and stores {@code other} instead (signatures then fail). */
    public void replaceDeviceKeys(ECPublicKey other) {
        devices.values().forEach(d -> d.publicKey = other);
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<String> paths() {
        return calls().stream().map(Call::path).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/.well-known/castellan/server-keys")) {
                serverKeysDocument(exchange);
            } else if (path.startsWith("/api/rest/sm/v1/")) {
                deviceApi(exchange, path.substring("/api/rest/sm/v1/".length()), body);
            } else if (path.startsWith("/files/upload/")) {
                int status = vault.upload(path.substring("/files/upload/".length()),
                        Multipart.parse(exchange.getRequestHeaders().getFirst("Content-Type"), body));
                exchange.sendResponseHeaders(status, -1);
            } else if (path.startsWith("/files/")) {
                byte[] content = vault.download(path.substring("/files/".length()));
                send(exchange, content == null ? 404 : 200, content == null ? new byte[0] : content);
            } else {
                send(exchange, 404, new byte[0]);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private void serverKeysDocument(HttpExchange exchange) throws IOException {
        StringBuilder keys = new StringBuilder();
        serverKeys.forEach((id, pair) -> keys.append(keys.isEmpty() ? "" : ",").append("{\"keyId\":").append(id)
                .append(",\"publicKey\":\"").append(Base64s.encodeWebSafe(EcKeys.rawPublicKey((ECPublicKey) pair.getPublic())))
                .append("\",\"algorithm\":\"P-256\"}"));
        send(exchange, 200, ("{\"keys\":[" + keys + "],\"tlsFingerprintSha256\":\"" + fingerprintQuietly() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private void deviceApi(HttpExchange exchange, String path, byte[] body) throws IOException {
        String keyIdHeader = exchange.getRequestHeaders().getFirst("PublicKeyId");
        KeyPair serverKey = keyIdHeader == null ? null : serverKeys.get(Integer.parseInt(keyIdHeader));
        if (serverKey == null) {
            sendError(exchange, 400, wire.write(KsmError.key(currentKeyId())));
            return;
        }
        byte[] sealed = Base64s.decode(exchange.getRequestHeaders().getFirst("TransmissionKey"));
        byte[] transmissionKey = Ecies.open((ECPrivateKey) serverKey.getPrivate(), sealed);
        byte[] json = Aes256Gcm.decrypt(transmissionKey, body);
        synchronized (this) {
            if (!statuses.isEmpty()) {
                calls.add(new Call(path, FakeVault.JSON.readTree(json)));
                sendError(exchange, statuses.poll()[0], bodies.poll().getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        KsmEndpoint endpoint = KsmEndpoint.fromPath(path).orElseThrow();
        KsmRequest request = wire.readRequest(endpoint, json);
        Device device = devices.get(request.clientId());
        if (device == null) {
            sendError(exchange, 403, keeperError(path, "access_denied", "unknown client id"));
            return;
        }
        boolean binding = device.publicKey == null;
        if (binding) {
            if (!(request instanceof GetSecretRequest get) || get.publicKey() == null) {
                sendError(exchange, 403, keeperError(path, "access_denied", "device is not bound"));
                return;
            }
            device.publicKey = EcKeys.publicKeyFromRaw(Base64s.decode(get.publicKey()));
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] signed = new byte[sealed.length + body.length];
        System.arraycopy(sealed, 0, signed, 0, sealed.length);
        System.arraycopy(body, 0, signed, sealed.length, body.length);
        if (authorization == null || !authorization.startsWith("Signature ")
                || !Signatures.verifyDer(device.publicKey, signed, Base64s.decode(authorization.substring(10)))) {
            if (binding) {
                device.publicKey = null;
            }
            sendError(exchange, 403, keeperError(path, "access_denied", "Signature is invalid"));
            return;
        }
        calls.add(new Call(path, FakeVault.JSON.readTree(json)));
        Object answer;
        try {
            answer = dispatch(endpoint, request, binding, device);
        } catch (CastellanException e) {
            sendError(exchange, e.code().ksmHttpStatus(), wire.write(KsmError.from(e, path)));
            return;
        }
        send(exchange, 200, answer == null ? new byte[0] : Aes256Gcm.encrypt(transmissionKey, wire.write(answer)));
    }

    private Object dispatch(KsmEndpoint endpoint, KsmRequest request, boolean binding, Device device) {
        return switch (request) {
            case GetSecretRequest r -> binding ? bound(vault.getSecret(r, bindWithRecords), device)
                    : vault.getSecret(r, true);
            case UpdateSecretRequest r -> {
                vault.updateSecret(r);
                yield null;
            }
            case CompleteTransactionRequest r -> {
                vault.complete(r, endpoint == KsmEndpoint.ROLLBACK_SECRET_UPDATE);
                yield null;
            }
            case CreateSecretRequest r -> {
                vault.createSecret(r);
                yield null;
            }
            case DeleteSecretRequest r -> vault.deleteSecret(r);
            case CreateFolderRequest r -> {
                vault.createFolder(r);
                yield null;
            }
            case UpdateFolderRequest r -> {
                vault.updateFolder(r);
                yield null;
            }
            case DeleteFolderRequest r -> vault.deleteFolder(r);
            case AddFileRequest r -> vault.addFile(r);
            default -> minimalFoldersAnswer ? vault.getFolders()
                    : new SecretsManagerResponse(null, null, null, vault.getFolders().folders(), null, 0L, null, null);
        };
    }

    private SecretsManagerResponse bound(SecretsManagerResponse r, Device device) {
        return new SecretsManagerResponse(r.appData(), Base64s.encode(Aes256Gcm.encrypt(device.clientKey, vault.appKey)),
                Base64s.encode(EcKeys.rawPublicKey((ECPublicKey) vault.owner.getPublic())), r.folders(), r.records(),
                r.expiresOn(), r.warnings(), r.extra());
    }

    private byte[] keeperError(String path, String error, String message) {
        return wire.write(new KsmError(path, "", KsmError.LOCATION, error, message, null, null));
    }

    private String fingerprintQuietly() {
        try {
            return fingerprint();
        } catch (Exception e) {
            return "";
        }
    }

    private static void sendError(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** @return a record of type {@code login} with a login and password, for fixtures */
    public static RecordData login(String title, String login, String password) {
        RecordData data = RecordData.create("login", title);
        data.setFieldValue("login", null, login);
        data.setFieldValue("password", null, password);
        return data;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
