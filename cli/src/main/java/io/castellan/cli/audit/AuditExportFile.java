package io.castellan.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.store.AuditCheckpoint;
import io.castellan.store.AuditEvent;
import io.castellan.store.NewAuditEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an export written by {@code castellan audit export}: JSON lines of {@code "type":"event"} and
 * {@code "type":"checkpoint"} objects, in file order (the order is evidence: the verifier sees a swapped line). The
 * file is hostile input: lines are bounded, every field is required and typed, and a bad line is named by number.
 */
record AuditExportFile(List<AuditEvent> events, List<AuditCheckpoint> checkpoints) {

    /** No exported line is anywhere near this long; a longer one is not an export. */
    static final int MAX_LINE = 1 << 20;
    private static final ObjectMapper MAPPER = Json.newMapper();

    static AuditExportFile read(Path file) throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        List<AuditCheckpoint> checkpoints = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (line.length() > MAX_LINE) {
                    throw bad(number, "is longer than " + MAX_LINE + " characters");
                }
                JsonNode node;
                try {
                    node = MAPPER.readTree(line);
                } catch (IOException e) {
                    throw bad(number, "is not JSON");
                }
                switch (text(node, "type", number)) {
                    case "event" -> events.add(event(node, number));
                    case "checkpoint" -> checkpoints.add(checkpoint(node, number));
                    default -> throw bad(number, "has an unknown type (expected event or checkpoint)");
                }
            }
        }
        if (events.isEmpty()) {
            throw new CastellanException(ErrorCode.VALIDATION_FAILED, "the file holds no audit events: " + file);
        }
        return new AuditExportFile(List.copyOf(events), List.copyOf(checkpoints));
    }

    private static AuditEvent event(JsonNode n, int line) {
        List<String> subjects = new ArrayList<>();
        JsonNode array = n.get("subjectUids");
        if (array == null || !array.isArray()) {
            throw bad(line, "needs subjectUids as an array");
        }
        array.forEach(s -> subjects.add(s.asText()));
        JsonNode ip = n.get("sourceIp");
        try {
            NewAuditEvent e = new NewAuditEvent(text(n, "eventUid", line), Instant.ofEpochMilli(number(n,
                    "occurredAt", line)), text(n, "eventType", line), text(n, "actor", line),
                    ip == null || ip.isNull() ? Optional.empty() : Optional.of(ip.asText()), subjects,
                    text(n, "result", line), text(n, "detailsJson", line));
            return new AuditEvent(number(n, "seq", line), e, text(n, "prevHash", line), text(n, "hash", line));
        } catch (IllegalArgumentException e) {
            throw bad(line, "is not a valid event (" + e.getMessage() + ")");
        }
    }

    private static AuditCheckpoint checkpoint(JsonNode n, int line) {
        return new AuditCheckpoint(number(n, "seq", line), text(n, "headHash", line),
                Instant.ofEpochMilli(number(n, "signedAt", line)), (int) number(n, "keyId", line),
                text(n, "publicKey", line), text(n, "signature", line));
    }

    private static String text(JsonNode n, String field, int line) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw bad(line, "needs " + field + " as a string");
        }
        return v.asText();
    }

    private static long number(JsonNode n, String field, int line) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw bad(line, "needs " + field + " as an integer");
        }
        return v.asLong();
    }

    private static CastellanException bad(int line, String problem) {
        return new CastellanException(ErrorCode.VALIDATION_FAILED, "line " + line + " of the export " + problem);
    }
}
