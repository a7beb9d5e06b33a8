package io.castellan.sdk.config;

/** A device configuration that cannot be used; the message names the problem and never a configuration value. */
public final class InvalidClientConfigException extends RuntimeException {

    public InvalidClientConfigException(String message) {
        super(message);
    }
}
