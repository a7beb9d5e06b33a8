package io.castellan.cli.support;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every user command accepts (a picocli mixin): which server, which config file, how to trust the
 * server's certificate, and the output format.
 */
public final class GlobalOptions {

    @Option(names = "--server", paramLabel = "URL",
            description = "Server URL (https://HOST[:PORT]); defaults to the one in the config file.")
    String server;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: ~/.castellan/config.json).")
    Path config;

    @Option(names = "--ca-file", paramLabel = "PATH",
            description = "Trust the server certificate through this PEM CA file instead of a pinned fingerprint.")
    Path caFile;

    @Option(names = "--format", paramLabel = "json|table|csv", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.table;

    /** @return the {@code --server} value, or {@code null} */
    public String server() {
        return server;
    }

    /** @return the {@code --config} value, or {@code null} */
    public Path config() {
        return config;
    }

    /** @return the {@code --ca-file} value, or {@code null} */
    public Path caFile() {
        return caFile;
    }

    /** @return the output format */
    public OutputFormat format() {
        return format;
    }
}
