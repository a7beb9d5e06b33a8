package io.castellan.server.audit.sink;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/** The sender of a sink's type, built from its settings. */
public final class EventSenders {

    private EventSenders() {
    }

    public static EventSender create(SinkSettings sink) throws IOException {
        return switch (sink.type()) {
            case SYSLOG_TCP -> new SyslogStreamSender(sink.text("host"), sink.settings().path("port").intValue(),
                    sink.text("facility"), localHostname(), null);
            case SYSLOG_TLS -> new SyslogStreamSender(sink.text("host"), sink.settings().path("port").intValue(),
                    sink.text("facility"), localHostname(), SyslogTls.socketFactory(
                            Optional.ofNullable(sink.settings().path("caFile").textValue())));
            case SYSLOG_UDP -> new SyslogUdpSender(sink.text("host"), sink.settings().path("port").intValue(),
                    sink.text("facility"), localHostname());
            case WEBHOOK -> new WebhookSender(sink.text("url"), sink.secret("authorization"));
            case SPLUNK_HEC -> new SplunkHecSender(sink.text("url"), sink.secret("token").orElseThrow());
            case FILE -> new FileSender(Path.of(sink.text("path")));
        };
    }

    /** This machine's name for the syslog HOSTNAME field ("-" when it has none). */
    static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "-";
        }
    }
}
