package io.castellan.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.client.api.AuditApi;
import io.castellan.model.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code castellan audit export --out FILE}: the whole chain as JSON lines, one event or checkpoint per line, page by
 * page up to the head the server signed when the export began (so the file always ends covered by a checkpoint).
 * The file is written complete or not at all (a temporary file, then a move).
 */
@Command(name = "export", description = "Write the audit trail (events and signed checkpoints) to a JSON-lines file.")
final class AuditExportCommand extends CastellanSubcommand {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final int PAGE = 1_000;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write.")
    Path out;

    @Override
    protected int execute() throws IOException {
        AuditApi audit = context().client().audit();
        Path target = out.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        long events = 0;
        int checkpoints = 0;
        try (BufferedWriter writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            ObjectNode page = audit.export(1, PAGE);
            long head = page.path("lastSeq").asLong();
            long from = 1;
            while (true) {
                for (JsonNode event : page.path("events")) {
                    if (event.path("seq").asLong() <= head) {
                        writeLine(writer, event);
                        events++;
                    }
                }
                for (JsonNode checkpoint : page.path("checkpoints")) {
                    if (checkpoint.path("seq").asLong() <= head) {
                        writeLine(writer, checkpoint);
                        checkpoints++;
                    }
                }
                from += PAGE;
                if (from > head || page.path("events").isEmpty()) {
                    break;
                }
                page = audit.export(from, PAGE);
            }
        }
        Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        printer().note("Exported " + events + " events and " + checkpoints + " signed checkpoints to " + target);
        return 0;
    }

    private static void writeLine(BufferedWriter writer, JsonNode node) throws IOException {
        writer.write(MAPPER.writeValueAsString(node));
        writer.write('\n');
    }
}
