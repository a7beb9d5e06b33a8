package io.castellan.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real CLI in this JVM with one user's config file: what the end-to-end scenarios type. */
final class ConfiguredCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfiguredCli() {
    }

    /** Runs {@code castellan ARGS --config CONFIG}. */
    static Result run(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    /** As {@link #run}, failing the test (with the command and its error) unless it exits 0. */
    static Result ok(Path config, String... args) {
        Result r = run(config, args);
        if (r.exit() != 0) {
            throw new AssertionError("castellan " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
        }
        return r;
    }

    /** As {@link #ok} with {@code --format json}, parsed. */
    static JsonNode json(Path config, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "json"));
        return JSON.readTree(ok(config, all.toArray(String[]::new)).out());
    }
}
