package io.castellan.server.audit.sink;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs a body to a URL and reads at most {@link #MAX_RESPONSE_BYTES} of the answer. A non-2xx answer is an
 * {@link IOException} naming the status only: neither the URL (which may carry a secret) nor the answer's body.
 */
public final class HttpPoster {

    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).executor(java.util.concurrent.Executors
                    .newVirtualThreadPerTaskExecutor()).build();

    private HttpPoster() {
    }

    /** The 2xx answer's body (at most 64 KiB of it). */
    public static String post(String url, String contentType, Map<String, String> headers, String body)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", contentType).header("User-Agent", "castellan-audit")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        int status;
        String answer;
        try {
            HttpResponse<InputStream> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                answer = new String(in.readNBytes(MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
                status = response.statusCode();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending");
        } catch (java.net.ConnectException e) {
            throw new IOException("connection refused or unreachable");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException("the receiver did not answer in time");
        } catch (IOException e) {
            throw new IOException(e.getClass().getSimpleName() + withoutUrl(e.getMessage(), url));
        }
        if (status / 100 != 2) {
            throw new IOException("the receiver answered HTTP " + status);
        }
        return answer;
    }

    /** A failure's message without the URL or its path (Slack, Teams and webhook URLs embed keys). */
    static String withoutUrl(String message, String url) {
        if (message == null) {
            return "";
        }
        String path = URI.create(url).getRawPath();
        String scrubbed = message.replace(url, "(url)");
        if (path != null && path.length() > 1) {
            scrubbed = scrubbed.replace(path, "(path)");
        }
        return ": " + scrubbed;
    }
}
