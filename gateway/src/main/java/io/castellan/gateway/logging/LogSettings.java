package io.castellan.gateway.logging;

import java.nio.file.Path;

/**
 * Where and how much the gateway logs.
 *
 * @param directory the log directory ({@code gateway.log} and its rotated files go there); {@code null} logs to
 *     standard output only
 * @param toStdout whether lines also go to standard output (containers, {@code journalctl})
 * @param debug whether {@code io.castellan} logs at DEBUG instead of INFO
 * @param maxFileSize rotate when the current file passes this many bytes
 * @param maxHistoryDays keep rotated files this many days
 * @param totalSizeCap delete the oldest rotated files once all of them pass this many bytes
 */
public record LogSettings(Path directory, boolean toStdout, boolean debug, long maxFileSize, int maxHistoryDays,
                          long totalSizeCap) {

    /** The file the gateway writes to, inside {@link #directory()}. */
    public static final String FILE_NAME = "gateway.log";

    /** Checks that something is logged somewhere and that the limits are positive. */
    public LogSettings {
        if (directory == null && !toStdout) {
            throw new IllegalArgumentException("logs need a directory or standard output");
        }
        if (maxFileSize < 1024 || maxHistoryDays < 1 || totalSizeCap < maxFileSize) {
            throw new IllegalArgumentException("log rotation limits are too small");
        }
    }

    /**
     * @param directory the log directory, or null for standard output only
     * @param toStdout also to standard output
     * @param debug DEBUG level
     * @return 10 MiB files, 14 days, 500 MiB in all
     */
    public static LogSettings of(Path directory, boolean toStdout, boolean debug) {
        return new LogSettings(directory, toStdout, debug, 10L * 1024 * 1024, 14, 500L * 1024 * 1024);
    }

    /** @return the current log file, or null when logging to standard output only */
    public Path file() {
        return directory == null ? null : directory.resolve(FILE_NAME);
    }
}
