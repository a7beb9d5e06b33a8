package io.castellan.server.audit.sink;

import io.castellan.server.audit.AuditJson;
import io.castellan.store.AuditEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A JSON-lines webhook: one POST of {@code application/x-ndjson} per batch; any 2xx answer accepts it. */
final class WebhookSender implements EventSender {

    private final String url;
    private final Optional<String> authorization;

    WebhookSender(String url, Optional<String> authorization) {
        this.url = url;
        this.authorization = authorization;
    }

    @Override
    public void send(List<AuditEvent> batch) throws IOException {
        StringBuilder lines = new StringBuilder();
        batch.forEach(e -> lines.append(AuditJson.event(e).toString()).append('\n'));
        HttpPoster.post(url, "application/x-ndjson", authorization.map(a -> Map.of("Authorization", a))
                .orElse(Map.of()), lines.toString());
    }
}
