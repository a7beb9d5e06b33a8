package io.castellan.cli.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The JDK's HTTP server as a webhook, Splunk HEC, Slack and Teams receiver for tests: records every request and
 * answers 200 (HEC's {@code {"text":"Success","code":0}} under {@code /services/collector/event}).
 */
final class HttpCollector implements AutoCloseable {

    /** One request as received. */
    record Request(String method, String path, String contentType, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    HttpCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                requests.add(new Request(exchange.getRequestMethod(), path,
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Authorization"), body));
                byte[] answer = (path.endsWith("/services/collector/event") ? "{\"text\":\"Success\",\"code\":0}"
                        : "ok").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The requests whose path starts with {@code prefix}, in arrival order. */
    List<Request> at(String prefix) {
        return requests.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
