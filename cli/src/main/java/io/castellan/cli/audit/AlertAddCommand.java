package io.castellan.cli.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan alert add NAME --event-type T ... [filters] (--webhook URL | --slack URL | --teams URL | --email TO
 * ...)}. Without a channel the rule writes {@code ALERT} log lines. URLs may be given as {@code env:VAR} or
 * {@code file:PATH} so the key they embed stays out of the shell history.
 */
@Command(name = "add", description = "Add an alert rule: event types, optional filters, one channel.")
public class AlertAddCommand extends CastellanSubcommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The rule's name (letters, digits, . _ -).")
    String name;

    @Option(names = "--event-type", required = true, paramLabel = "TYPE",
            description = "An audit event type to alert on (repeatable; docs/audit.md).")
    List<String> eventTypes = new ArrayList<>();

    @Option(names = "--user", paramLabel = "EMAIL|UID", description = "Only events this user did or was about.")
    String user;

    @Option(names = "--record", paramLabel = "UID", description = "Only events about this record.")
    String record;

    @Option(names = "--gateway", paramLabel = "UID", description = "Only events of or about this gateway.")
    String gateway;

    @Option(names = "--result", paramLabel = "RESULT", description = "Only success, failure or denied events.")
    String result;

    @Option(names = "--rate", paramLabel = "N", description = "At most N messages a minute (default 10); the"
            + " excess is summarised in one message.")
    Integer rate;

    @Option(names = "--webhook", paramLabel = "URL", description = "POST JSON to URL (or env:VAR, file:PATH).")
    String webhook;

    @Option(names = "--slack", paramLabel = "URL", description = "A Slack incoming webhook (or env:VAR, file:PATH).")
    String slack;

    @Option(names = "--teams", paramLabel = "URL",
            description = "A Microsoft Teams incoming webhook (or env:VAR, file:PATH).")
    String teams;

    @Option(names = "--email", paramLabel = "TO", description = "E-mail recipients (repeatable).")
    List<String> email = new ArrayList<>();

    @Option(names = "--smtp-host", paramLabel = "HOST")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "PORT", description = "Default 587 (465 with --smtp-security tls).")
    Integer smtpPort;

    @Option(names = "--smtp-security", paramLabel = "MODE", description = "starttls (default), tls or none.")
    String smtpSecurity;

    @Option(names = "--smtp-user", paramLabel = "USER", description = "Authenticate as USER (password: prompt,"
            + " --smtp-password-env or --smtp-password-file).")
    String smtpUser;

    @Option(names = "--smtp-password-env", paramLabel = "VAR")
    String smtpPasswordEnv;

    @Option(names = "--smtp-password-file", paramLabel = "FILE")
    Path smtpPasswordFile;

    @Option(names = "--from", paramLabel = "ADDRESS", description = "The sender address of alert e-mails.")
    String from;

    /** True for {@code alert edit}: replace the rule of that name. */
    protected boolean replace() {
        return false;
    }

    @Override
    protected int execute() {
        ObjectNode request = Printer.object().put("name", name);
        ArrayNode types = request.putArray("eventTypes");
        eventTypes.forEach(types::add);
        put(request, "user", user);
        put(request, "record", record);
        put(request, "gateway", gateway);
        put(request, "result", result);
        if (rate != null) {
            request.put("ratePerMinute", rate);
        }
        channel(request);
        if (replace()) {
            request.put("replace", true);
        }
        ObjectNode saved = context().client().audit().alertAdd(request);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(saved);
        } else {
            printer.line((replace() ? "Changed" : "Added") + " alert rule " + name + " ("
                    + saved.path("channel").asText() + ").");
        }
        return 0;
    }

    private void channel(ObjectNode request) {
        int chosen = (webhook != null ? 1 : 0) + (slack != null ? 1 : 0) + (teams != null ? 1 : 0)
                + (email.isEmpty() ? 0 : 1);
        if (chosen > 1) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "choose one channel: --webhook, --slack, --teams or --email");
        }
        if (webhook != null) {
            request.put("channel", "webhook").put("url", SecretInput.resolve("--webhook", webhook));
        } else if (slack != null) {
            request.put("channel", "slack").put("url", SecretInput.resolve("--slack", slack));
        } else if (teams != null) {
            request.put("channel", "teams").put("url", SecretInput.resolve("--teams", teams));
        } else if (!email.isEmpty()) {
            request.put("channel", "email");
            ArrayNode to = request.putArray("to");
            email.forEach(to::add);
            put(request, "smtpHost", smtpHost);
            if (smtpPort != null) {
                request.put("smtpPort", smtpPort);
            }
            put(request, "smtpSecurity", smtpSecurity);
            put(request, "smtpUser", smtpUser);
            put(request, "from", from);
            SecretInput.read("--smtp-password", smtpPasswordEnv, smtpPasswordFile,
                    smtpUser == null ? null : "SMTP password").ifPresent(p -> request.put("smtpPassword", p));
        } else {
            request.put("channel", "log");
        }
    }

    private static void put(ObjectNode request, String field, String value) {
        if (value != null) {
            request.put(field, value);
        }
    }
}
