package io.castellan.server;

/**
 * The server cannot start: port in use, data directory locked, store refused, bad TLS material. The message is one
 * line meant for the operator and never contains a secret; {@code castellan server start} exits with code 10.
 */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
