package io.castellan.server.audit.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The channel of a rule that has none yet (the shipped {@code gateway-offline} rule): an {@code ALERT} log line. */
final class LogAlertChannel implements AlertChannel {

    private static final Logger LOG = LoggerFactory.getLogger(LogAlertChannel.class);

    @Override
    public void deliver(AlertMessage message) {
        LOG.warn("ALERT {}", message.text().replace('\n', ' '));
    }
}
