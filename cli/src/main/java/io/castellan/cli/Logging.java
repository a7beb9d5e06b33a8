package io.castellan.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CLI shares a jar with the server, whose logging configuration is chatty at INFO (startup, migrations). Only a
 * running server wants that; every other command keeps standard error for its own messages and shows warnings only.
 */
final class Logging {

    private Logging() {
    }

    static void configureFor(String[] args) {
        boolean runsServer = args.length >= 2 && "server".equals(args[0]) && "start".equals(args[1]);
        if (!runsServer && LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.WARN);
        }
    }
}
