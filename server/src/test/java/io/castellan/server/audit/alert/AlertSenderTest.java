package io.castellan.server.audit.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.server.api.Responses;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.sink.DeliveryDeferred;
import io.castellan.store.AuditEvent;
import io.castellan.store.NewAuditEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * An alert rule's matching and its rate limit: matching events go one message each while the rule is under its
 * rate, the rest of a storm becomes one summary, and a rule over its rate defers the batch (nothing lost) until the
 * minute has passed.
 */
class AlertSenderTest {

    private final List<AlertMessage> delivered = new ArrayList<>();
    private final List<String> audited = new ArrayList<>();
    private Instant now = Instant.parse("2026-11-29T08:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Audit audit = (type, actor, ip, subjects, result) -> audited.add(type);

    private AlertSender sender(int rate, AlertFilter filter) {
        AlertRule rule = new AlertRule("storm", List.of("login_failed"), filter, AlertChannelType.LOG,
                Responses.object().put("ratePerMinute", rate), Responses.object());
        return new AlertSender(rule, delivered::add, new AlertRateLimit(rate, clock), audit);
    }

    private static AuditEvent event(long seq, String type, String actor, String result) {
        return new AuditEvent(seq, new NewAuditEvent("e" + seq, Instant.EPOCH, type, actor, Optional.empty(),
                List.of("record-1"), result, "{}"), "", "");
    }

    private static List<AuditEvent> failures(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(s -> event(s, "login_failed", "user-1", "failure")).toList();
    }

    @Test
    void aStormBecomesSingleMessagesUpToTheRateThenOneSummaryThenWaits() throws IOException {
        AlertSender sender = sender(3, AlertFilter.NONE);
        sender.send(failures(1, 50));
        assertThat(delivered).hasSize(3);
        assertThat(delivered.get(0).summary()).isFalse();
        assertThat(delivered.get(1).events().getFirst().seq()).isEqualTo(2);
        AlertMessage summary = delivered.get(2);
        assertThat(summary.summary()).isTrue();
        assertThat(summary.events()).hasSize(48);
        assertThat(summary.text()).contains("48 more matching events", "events 3 to 50", "login_failed=48");
        assertThat(audited).containsOnly("alert_sent").hasSize(3);

        assertThatThrownBy(() -> sender.send(failures(51, 52))).isInstanceOf(DeliveryDeferred.class)
                .satisfies(e -> assertThat(((DeliveryDeferred) e).retryAfter()).isPositive()
                        .isLessThanOrEqualTo(Duration.ofSeconds(61)));
        assertThat(delivered).hasSize(3);
        now = now.plus(Duration.ofSeconds(61));
        sender.send(failures(51, 52));
        assertThat(delivered).hasSize(5);
    }

    @Test
    void onlyEventsOfTheRuleTypesThatPassEveryFilterAlert() throws IOException {
        AlertSender sender = sender(10, new AlertFilter(Optional.of("user-1"), Optional.of("record-1"),
                Optional.empty(), Optional.of("failure")));
        sender.send(List.of(event(1, "login_failed", "user-2", "failure"), event(2, "login_succeeded", "user-1",
                "failure"), event(3, "login_failed", "user-1", "success"), event(4, "login_failed", "user-1",
                "failure")));
        assertThat(delivered).hasSize(1);
        assertThat(delivered.getFirst().events().getFirst().seq()).isEqualTo(4);
        assertThat(new AlertFilter(Optional.empty(), Optional.empty(), Optional.of("gw-1"), Optional.empty())
                .matches(event(5, "gateway_offline", "gateway:gw-1", "success"))).isTrue();
        assertThat(new AlertFilter(Optional.empty(), Optional.empty(), Optional.of("gw-2"), Optional.empty())
                .matches(event(5, "gateway_offline", "gateway:gw-1", "success"))).isFalse();
    }

    @Test
    void aFailingChannelIsAuditedOncePerRunOfFailures() {
        AlertRule rule = new AlertRule("down", List.of("login_failed"), AlertFilter.NONE, AlertChannelType.LOG,
                Responses.object().put("ratePerMinute", 10), Responses.object());
        AlertSender sender = new AlertSender(rule, m -> {
            throw new IOException("channel down");
        }, new AlertRateLimit(10, clock), audit);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> sender.send(failures(1, 1))).hasMessage("channel down");
        }
        assertThat(audited).containsExactly("alert_failed");
    }
}
