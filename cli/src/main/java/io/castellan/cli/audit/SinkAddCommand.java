package io.castellan.cli.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code castellan audit sink add NAME --type TYPE ...}: the server validates and names any bad field. */
@Command(name = "add", description = "Add a SIEM sink; it receives every audit event from now on, at least once.")
public final class SinkAddCommand extends CastellanSubcommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The sink's name (letters, digits, . _ -).")
    String name;

    @Option(names = "--type", required = true, paramLabel = "TYPE",
            description = "syslog-tcp, syslog-tls, syslog-udp, webhook, splunk-hec or file.")
    String type;

    @Option(names = "--host", paramLabel = "HOST", description = "Syslog: the receiver's host.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Syslog: its port (default 514, TLS 6514).")
    Integer port;

    @Option(names = "--facility", paramLabel = "NAME", description = "Syslog facility (default local0).")
    String facility;

    @Option(names = "--tls-ca-file", paramLabel = "FILE",
            description = "syslog-tls: PEM CA certificate(s) to trust, a path on the server (default: the JDK's).")
    String caFile;

    @Option(names = "--url", paramLabel = "URL", description = "Webhook or Splunk HEC: the base URL.")
    String url;

    @Option(names = "--path", paramLabel = "FILE", description = "File: an absolute path on the server.")
    String path;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Splunk HEC: read the token from VAR.")
    String tokenEnv;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Splunk HEC: read the token from FILE.")
    Path tokenFile;

    @Option(names = "--authorization-env", paramLabel = "VAR",
            description = "Webhook: an Authorization header value, read from VAR.")
    String authorizationEnv;

    @Option(names = "--authorization-file", paramLabel = "FILE",
            description = "Webhook: an Authorization header value, read from FILE.")
    Path authorizationFile;

    @Override
    protected int execute() {
        ObjectNode request = Printer.object().put("name", name).put("type", type);
        put(request, "host", host);
        if (port != null) {
            request.put("port", port);
        }
        put(request, "facility", facility);
        put(request, "caFile", caFile);
        put(request, "url", url);
        put(request, "path", path);
        if (type.equals("splunk-hec")) {
            request.put("token", SecretInput.read("--token", tokenEnv, tokenFile, "HEC token").orElseThrow());
        }
        SecretInput.read("--authorization", authorizationEnv, authorizationFile, null)
                .ifPresent(a -> request.put("authorization", a));
        ObjectNode added = context().client().audit().sinkAdd(request);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(added);
        } else {
            printer.line("Added sink " + name + " (" + type + ").");
        }
        return 0;
    }

    private static void put(ObjectNode request, String field, String value) {
        if (value != null) {
            request.put(field, value);
        }
    }
}
