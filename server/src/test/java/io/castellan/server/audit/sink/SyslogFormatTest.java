package io.castellan.server.audit.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.store.AuditEvent;
import io.castellan.store.NewAuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 5424 rendering: header, PRI from facility and result, SD-PARAM escaping, and the UDP cut. */
class SyslogFormatTest {

    private static AuditEvent event(String actor, String result, String details) {
        return new AuditEvent(42, new NewAuditEvent("uid-1", Instant.parse("2026-11-29T08:00:00.123Z"),
                "login_failed", actor, Optional.of("10.0.0.9"), List.of("a", "b"), result, details), "p", "h");
    }

    @Test
    void theHeaderAndStructuredDataFollowRfc5424() {
        String m = SyslogFormat.message(event("user-1", "failure", "{}"), "auth", "node-1");
        assertThat(m).startsWith("<37>1 2026-11-29T08:00:00.123Z node-1 castellan - login_failed [castellan@32473"
                + " seq=\"42\" eventUid=\"uid-1\" actor=\"user-1\" sourceIp=\"10.0.0.9\" subjects=\"a,b\""
                + " result=\"failure\"] {");
        assertThat(m).endsWith("}");
        assertThat(SyslogFormat.message(event("u", "success", "{}"), "local0", "h")).startsWith("<134>1 ");
        assertThat(SyslogFormat.message(event("u", "denied", "{}"), "local7", "h")).startsWith("<188>1 ");
    }

    @Test
    void paramValuesEscapeQuoteBackslashAndBracket() {
        String m = SyslogFormat.message(event("evil\"] x=\"y\\", "success", "{}"), "local0", "h");
        assertThat(m).contains(" actor=\"evil\\\"\\] x=\\\"y\\\\\" ");
        assertThat(SyslogFormat.escape("a\"b\\c]d")).isEqualTo("a\\\"b\\\\c\\]d");
    }

    @Test
    void headerFieldsArePrintableAscii() {
        assertThat(SyslogFormat.printable("host name\u00e9", 255)).isEqualTo("host_name_");
        assertThat(SyslogFormat.printable("", 255)).isEqualTo("-");
    }

    @Test
    void udpMessagesAreCutAtACharacterBoundary() {
        String longDetails = "{\"x\":\"" + "\u20ac".repeat(2000) + "\"}"; // 3 bytes per euro sign
        String m = SyslogFormat.message(event("u", "success", longDetails), "local0", "h");
        byte[] cut = SyslogFormat.truncated(m, SyslogFormat.MAX_UDP_BYTES);
        assertThat(cut.length).isLessThanOrEqualTo(2048).isGreaterThan(2040);
        String decoded = new String(cut, StandardCharsets.UTF_8);
        assertThat(decoded).doesNotContain("\uFFFD");
        assertThat(m).startsWith(decoded);
        assertThat(SyslogFormat.truncated("short", 2048)).isEqualTo("short".getBytes(StandardCharsets.UTF_8));
    }
}
