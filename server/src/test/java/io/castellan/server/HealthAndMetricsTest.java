package io.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.model.gateway.JobState;
import io.castellan.store.JobRepository;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /healthz}, {@code /readyz} and {@code /metrics} of a real server on its real SQLite store: readiness asks
 * the migrated store, and the metrics count the jobs and rotations in the store and time the requests served.
 */
class HealthAndMetricsTest {

    @TempDir
    Path dataDir;
    private CastellanServer server;
    private HttpClient client;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = new CastellanServer(TestHttps.ephemeral(dataDir).build());
        base = "https://localhost:" + server.start();
        client = TestHttps.clientFor(dataDir);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void healthzAndReadyzAnswerWithAMigratedStore() throws Exception {
        HttpResponse<String> health = TestHttps.get(client, base + "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> ready = TestHttps.get(client, base + "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"ready\"");
        assertThat(server.store().schemaVersion()).isPositive();
    }

    @Test
    void metricsCountJobsRotationsAndGatewaysFromTheStore() throws Exception {
        JobRepository jobs = new JobRepository(server.store().transactions(), Clock.systemUTC());
        job(jobs, "j1", "rotate", JobState.SUCCEEDED);
        job(jobs, "j2", "rotate", JobState.SUCCEEDED);
        job(jobs, "j3", "rotate", JobState.FAILED);
        job(jobs, "j4", "rotate", null);
        job(jobs, "j5", "gateway-info", JobState.SUCCEEDED);

        HttpResponse<String> metrics = TestHttps.get(client, base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body().lines().toList()).contains(
                "castellan_store_up 1",
                "castellan_gateways_online 0",
                "castellan_jobs{command=\"rotate\",state=\"succeeded\"} 2",
                "castellan_jobs{command=\"rotate\",state=\"failed\"} 1",
                "castellan_jobs{command=\"rotate\",state=\"queued\"} 1",
                "castellan_jobs{command=\"gateway-info\",state=\"succeeded\"} 1",
                "castellan_rotations_total{outcome=\"succeeded\"} 2",
                "castellan_rotations_total{outcome=\"failed\"} 1",
                "castellan_rotations_total{outcome=\"timed_out\"} 0",
                "# TYPE castellan_http_request_duration_seconds histogram");
    }

    @Test
    void theLatencyHistogramCountsEveryRequestByApi() throws Exception {
        for (int i = 0; i < 3; i++) {
            TestHttps.get(client, base + "/healthz");
        }
        String body = TestHttps.get(client, base + "/metrics").body();
        // three /healthz requests were finished and timed before this scrape began
        assertThat(body.lines().toList()).contains("castellan_http_request_duration_seconds_count{api=\"system\"} 3",
                "castellan_http_request_duration_seconds_bucket{api=\"system\",le=\"+Inf\"} 3",
                "castellan_http_request_duration_seconds_count{api=\"user\"} 0");
        assertThat(body).containsPattern("castellan_http_request_duration_seconds_sum\\{api=\"system\"} [0-9.E-]+\\n");
    }

    private static void job(JobRepository jobs, String id, String command, JobState end) {
        jobs.insert(id, "gw-uid", command, List.of(), Map.of(), "user-uid", true, Duration.ofMinutes(1));
        if (end != null) {
            assertThat(jobs.update(id, end, Optional.empty(), Map.of())).isPresent();
        }
    }
}
