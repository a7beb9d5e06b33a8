package io.castellan.server.audit.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.model.json.Json;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.AuditJson;
import io.castellan.store.AuditEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Splunk's HTTP Event Collector: one POST to {@code <url>/services/collector/event} per batch with
 * {@code Authorization: Splunk <token>}, the body the events' {@code {"time":..,"sourcetype":"castellan:audit",
 * "event":{...}}} objects concatenated. Accepted when HEC answers {@code {"code":0}}.
 */
final class SplunkHecSender implements EventSender {

    static final String PATH = "/services/collector/event";
    private static final ObjectMapper MAPPER = Json.newMapper();

    private final String endpoint;
    private final String token;

    SplunkHecSender(String url, String token) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.endpoint = base.endsWith(PATH) ? base : base + PATH;
        this.token = token;
    }

    @Override
    public void send(List<AuditEvent> batch) throws IOException {
        StringBuilder body = new StringBuilder();
        for (AuditEvent e : batch) {
            body.append(Responses.object()
                    .put("time", BigDecimal.valueOf(e.event().occurredAt().toEpochMilli(), 3))
                    .put("sourcetype", "castellan:audit").put("source", "castellan")
                    .set("event", AuditJson.event(e)).toString());
        }
        String answer = HttpPoster.post(endpoint, "application/json", Map.of("Authorization", "Splunk " + token),
                body.toString());
        JsonNode code;
        try {
            code = MAPPER.readTree(answer).path("code");
        } catch (IOException e) {
            throw new IOException("the HEC answer is not JSON");
        }
        if (!code.isIntegralNumber() || code.intValue() != 0) {
            throw new IOException("HEC refused the batch (code " + (code.isMissingNode() ? "missing" : code.asText())
                    + ")");
        }
    }
}
