package io.castellan.gateway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.LoggerFactory;

/**
 * Configures logback for a running gateway, in code rather than XML so that no appender can be configured without
 * the {@link ScrubbingLayout}: a size-and-time rolling {@code gateway.log} (daily files, split at the size limit,
 * gzipped, kept for the history limit) and optionally standard output. Every appender's encoder scrubs.
 */
public final class GatewayLogging {

    private static final String APP_LOGGERS = "io.castellan";

    private GatewayLogging() {
    }

    /**
     * Replaces the whole logback configuration.
     *
     * @param settings where and how much
     * @param scrubber the registry of secrets that must never be written
     * @throws IOException when the log directory cannot be created
     */
    public static void configure(LogSettings settings, SecretScrubber scrubber) throws IOException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        context.getLogger(APP_LOGGERS).setLevel(settings.debug() ? Level.DEBUG : Level.INFO);
        if (settings.directory() != null) {
            createPrivately(settings.directory());
            root.addAppender(fileAppender(context, settings, scrubber));
        }
        if (settings.toStdout()) {
            root.addAppender(consoleAppender(context, scrubber));
        }
    }

    /** Stops every appender, flushing what is buffered. */
    public static void shutdown() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    private static RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext context, LogSettings settings,
            SecretScrubber scrubber) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("gateway-file");
        appender.setFile(settings.file().toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(settings.directory().resolve("gateway-%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(new FileSize(settings.maxFileSize()));
        policy.setMaxHistory(settings.maxHistoryDays());
        policy.setTotalSizeCap(new FileSize(settings.totalSizeCap()));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context, scrubber));
        appender.start();
        return appender;
    }

    private static ConsoleAppender<ILoggingEvent> consoleAppender(LoggerContext context, SecretScrubber scrubber) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("gateway-stdout");
        appender.setEncoder(encoder(context, scrubber));
        appender.start();
        return appender;
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, SecretScrubber scrubber) {
        ScrubbingLayout layout = new ScrubbingLayout(scrubber);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    /** Log lines name hosts, records and jobs: the directory is made readable by its owner (and group) only. */
    private static void createPrivately(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        } else {
            Files.createDirectories(dir);
        }
    }
}
