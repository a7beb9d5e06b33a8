package io.castellan.gateway.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import java.util.Objects;

/**
 * A pattern layout whose whole output passes through the {@link SecretScrubber}: the formatted message, its
 * arguments, MDC values, the exception's message and every line of its stack trace, causes and suppressed exceptions
 * included. Scrubbing the finished text rather than each part is what guarantees coverage: whatever a converter adds,
 * it is in the text scrubbed here.
 */
public final class ScrubbingLayout extends LayoutBase<ILoggingEvent> {

    /** The gateway's log line: time, level, thread, logger, message, then the full stack trace. */
    public static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n%ex{full}";

    private final PatternLayout pattern = new PatternLayout();
    private final SecretScrubber scrubber;

    /** @param scrubber the registry whose values never appear in the output */
    public ScrubbingLayout(SecretScrubber scrubber) {
        this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
    }

    @Override
    public void start() {
        pattern.setContext(getContext());
        pattern.setPattern(PATTERN);
        pattern.start();
        super.start();
    }

    @Override
    public void stop() {
        pattern.stop();
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return scrubber.scrub(pattern.doLayout(event));
    }
}
