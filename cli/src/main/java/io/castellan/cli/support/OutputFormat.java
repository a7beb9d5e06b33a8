package io.castellan.cli.support;

/** How a command prints its result. */
public enum OutputFormat {
    /** Plain, aligned text for people. */
    table,
    /** Machine-readable JSON on standard output. */
    json,
    /** Comma-separated values (RFC 4180) for tables; commands without a table print as {@code table}. */
    csv
}
