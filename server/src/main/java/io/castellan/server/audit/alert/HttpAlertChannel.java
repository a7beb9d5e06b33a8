package io.castellan.server.audit.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.sink.HttpPoster;
import java.io.IOException;
import java.util.Map;

/**
 * The HTTP channels: a plain JSON webhook ({@link AlertMessage#json()}), a Slack incoming webhook
 * ({@code {"text": ...}}) and a Microsoft Teams incoming webhook (a legacy {@code MessageCard}, which Teams
 * connectors and Power Automate "post to a channel when a webhook request is received" flows both accept).
 */
final class HttpAlertChannel implements AlertChannel {

    private final AlertChannelType type;
    private final String url;

    HttpAlertChannel(AlertChannelType type, String url) {
        this.type = type;
        this.url = url;
    }

    @Override
    public void deliver(AlertMessage message) throws IOException {
        HttpPoster.post(url, "application/json", Map.of(), body(message).toString());
    }

    ObjectNode body(AlertMessage message) {
        return switch (type) {
            case SLACK -> Responses.object().put("text", message.text());
            case TEAMS -> Responses.object().put("@type", "MessageCard").put("@context",
                    "https://schema.org/extensions").put("summary", message.subject()).put("themeColor", "D70000")
                    .put("title", message.subject()).put("text", message.text());
            default -> message.json();
        };
    }
}
