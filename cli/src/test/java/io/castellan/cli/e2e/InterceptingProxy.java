package io.castellan.cli.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.castellan.client.testing.TestCertificates;
import io.castellan.client.transport.TlsTrust;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTPS proxy between one CLI "device" and the real server, with its own self-signed certificate. It forwards
 * every request unchanged (the API body is end-to-end encrypted to the server's transmission key, so the proxy sees
 * only the command name in the path) and can run a hook just before forwarding a given command: that is how a test
 * makes another client change a record between this client's read ({@code sync_down}) and its write
 * ({@code record_update}) inside one CLI command.
 */
final class InterceptingProxy implements AutoCloseable {

    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive");

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient upstream;
    private final URI target;
    private final String fingerprint;
    private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();
    private final List<String> forwarded = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> hookFailures = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param target the real server's URL
     * @param targetFingerprint its pinned certificate fingerprint
     */
    InterceptingProxy(String target, String targetFingerprint) throws Exception {
        this.target = URI.create(target);
        TestCertificates.Issued certificate = TestCertificates.selfSigned("castellan-e2e-proxy");
        this.fingerprint = certificate.fingerprint();
        this.upstream = HttpClient.newBuilder().sslContext(TlsTrust.pinned(targetFingerprint).sslContext())
                .connectTimeout(Duration.ofSeconds(10)).build();
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return {@code https://127.0.0.1:PORT} of the proxy */
    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return the proxy certificate's SHA-256 fingerprint */
    String fingerprint() {
        return fingerprint;
    }

    /** Runs {@code hook} once, just before the next {@code command} request is forwarded. */
    void beforeNext(String command, Runnable hook) {
        hooks.put(command, hook);
    }

    /** @return "METHOD /path" of every forwarded request, in order */
    List<String> forwarded() {
        synchronized (forwarded) {
            return List.copyOf(forwarded);
        }
    }

    /** @return failures thrown by hooks (a hook's assertion error must fail the test) */
    List<Throwable> hookFailures() {
        synchronized (hookFailures) {
            return List.copyOf(hookFailures);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            if (path.startsWith("/api/v1/")) {
                Runnable hook = hooks.remove(path.substring("/api/v1/".length()));
                if (hook != null) {
                    try {
                        hook.run();
                    } catch (Throwable t) {
                        hookFailures.add(t);
                    }
                }
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(path + (query == null ? "" : "?"
                    + query))).timeout(Duration.ofSeconds(60))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            forwarded.add(method + " " + path);
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        upstream.close();
    }
}
