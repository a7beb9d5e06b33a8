package io.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.server.keys.EcPoints;
import io.castellan.server.tls.Fingerprints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server over real HTTPS on an ephemeral port, with a client that trusts only the generated certificate. */
@Timeout(30)
class CastellanServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_LIMIT = 4096;

    @TempDir
    Path dataDir;

    private CastellanServer server;
    private HttpClient client;
    private String base;
    private final CountDownLatch slowRequestStarted = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = new CastellanServer(TestHttps.ephemeral(dataDir).maxRequestBodyBytes(BODY_LIMIT).build(), c -> null)
                .configureJavalin(cfg -> {
                    cfg.routes.get("/test/thread", ctx -> ctx.result(String.valueOf(Thread.currentThread().isVirtual())));
                    cfg.routes.post("/test/echo", ctx -> ctx.result(String.valueOf(ctx.bodyAsBytes().length)));
                    cfg.routes.get("/test/bare-404", ctx -> ctx.status(404));
                    cfg.routes.get("/test/boom", ctx -> {
                        throw new IllegalStateException("canary-secret-7f3a9 leaked?");
                    });
                    cfg.routes.get("/test/slow", ctx -> {
                        slowRequestStarted.countDown();
                        Thread.sleep(1500);
                        ctx.result("finished");
                    });
                });
        int port = server.start();
        base = "https://localhost:" + port;
        client = TestHttps.clientFor(dataDir);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void healthzAnswersOverHttps() throws Exception {
        HttpResponse<String> response = TestHttps.get(client, base + "/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"status\":\"ok\"}"));
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.headers().firstValue("server")).isEmpty();
        assertThat(response.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.3"));
    }

    @Test
    void tls12IsAcceptedToo() throws Exception {
        SSLParameters tls12 = new SSLParameters();
        tls12.setProtocols(new String[] {"TLSv1.2"});
        HttpClient old = HttpClient.newBuilder()
                .sslContext(TestHttps.trustingOnly(TestHttps.readCertificate(dataDir.resolve("tls/server.crt"))))
                .sslParameters(tls12).version(HttpClient.Version.HTTP_1_1).build();

        HttpResponse<String> response = TestHttps.get(old, base + "/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
    }

    @Test
    void serverKeysPublishesTheTransmissionKeyAndTlsFingerprint() throws Exception {
        HttpResponse<String> response = TestHttps.get(client, base + "/.well-known/castellan/server-keys");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        JsonNode key = body.path("keys").path(0);
        assertThat(body.path("keys")).hasSize(1);
        assertThat(key.path("keyId").asInt()).isEqualTo(1);
        assertThat(key.path("algorithm").asText()).isEqualTo("P-256");
        byte[] raw = Base64.getUrlDecoder().decode(key.path("publicKey").asText());
        assertThat(EcPoints.fromUncompressed(raw)).isEqualTo(server.transmissionKeys().current().publicKey());
        X509Certificate onDisk = TestHttps.readCertificate(dataDir.resolve("tls/server.crt"));
        assertThat(body.path("tlsFingerprintSha256").asText()).isEqualTo(Fingerprints.sha256(onDisk));
        assertThat(response.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(onDisk);
    }

    @Test
    void readyzIs503WithoutAStore() throws Exception {
        HttpResponse<String> response = TestHttps.get(client, base + "/readyz");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("not_ready");
    }

    @Test
    void handlersRunOnVirtualThreads() throws Exception {
        assertThat(TestHttps.get(client, base + "/test/thread").body()).isEqualTo("true");
    }

    @Test
    void clientWithDefaultTrustRefusesTheSelfSignedCertificate() {
        HttpClient defaultTrust = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> TestHttps.get(defaultTrust, base + "/healthz")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpGetsNoAnswer() {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String url = "http://localhost:" + server.port() + "/healthz";
        assertThatThrownBy(() -> TestHttps.get(plain, url)).isInstanceOf(IOException.class);
    }

    @Test
    void oversizedBodyWithContentLengthGets413Json() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/test/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[BODY_LIMIT + 1])).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("payload_too_large");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
    }

    @Test
    void oversizedChunkedBodyGets413Json() throws Exception {
        byte[] big = new byte[BODY_LIMIT * 4];
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/test/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void oversizedBodyIsRefusedBeforeRoutingEvenIfNoHandlerReadsIt() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/no/such/thing"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[BODY_LIMIT + 1])).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void bodyAtTheLimitIsAccepted() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/test/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[BODY_LIMIT])).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(String.valueOf(BODY_LIMIT));
    }

    @Test
    void unknownPathGets404JsonWithoutInternals() throws Exception {
        HttpResponse<String> response = TestHttps.get(client, base + "/no/such/thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("not_found");
        assertThat(JSON.readTree(response.body()).path("message").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "at io.", "javalin", "jetty", "/no/such/thing");
    }

    @Test
    void errorStatusSetWithoutABodyGetsTheJsonBody() throws Exception {
        HttpResponse<String> response = TestHttps.get(client, base + "/test/bare-404");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void requestJettyCannotParseGetsJsonToo() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                .header("X-Huge", "x".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void unexpectedExceptionGets500JsonWithoutItsMessage() throws Exception {
        HttpResponse<String> response = TestHttps.get(client, base + "/test/boom");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("internal");
        assertThat(response.body()).doesNotContain("canary-secret-7f3a9", "IllegalStateException", "at io.");
    }

    @Test
    void stopLetsAnInFlightRequestFinish() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/test/slow")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(slowRequestStarted.await(10, TimeUnit.SECONDS)).isTrue();

        server.stop();

        HttpResponse<String> response = slow.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("finished");
    }

    @Test
    void startTwiceIsRefused() {
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }
}
