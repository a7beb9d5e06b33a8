package io.castellan.cli.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What the quickstart built, by id ({@code quickstart.json} in the data directory): a second run reads it and skips
 * every step whose result is recorded, so nothing is created twice. It holds ids, names and ports only, never a
 * secret. Each step saves it as soon as it succeeds (write to a temporary file, then rename), so a run interrupted
 * half-way resumes where it stopped.
 */
final class QuickstartState {

    static final String FILE = "quickstart.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 64 * 1024;

    private final Path file;
    private final ObjectNode values;

    private QuickstartState(Path file, ObjectNode values) {
        this.file = file;
        this.values = values;
    }

    static QuickstartState load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return new QuickstartState(file, JSON.createObjectNode());
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new CastellanException(ErrorCode.BAD_REQUEST, file + " is larger than a quickstart state file");
            }
            if (JSON.readTree(file.toFile()) instanceof ObjectNode node) {
                return new QuickstartState(file, node);
            }
            throw new CastellanException(ErrorCode.BAD_REQUEST, file + " is not a JSON object");
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "cannot read " + file + " (not quickstart JSON)");
        }
    }

    String get(String key) {
        return values.hasNonNull(key) ? values.get(key).asText() : null;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    int port(String key, int fallback) {
        return values.hasNonNull(key) ? values.get(key).asInt(fallback) : fallback;
    }

    void put(String key, String value) {
        values.put(key, value);
        save();
    }

    void put(String key, int value) {
        values.put(key, value);
        save();
    }

    private void save() {
        try {
            Path tmp = file.resolveSibling(FILE + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), values);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
