package io.castellan.sdk.config;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/**
 * A device configuration or one-time token that cannot be used ({@link ErrorCode#BAD_REQUEST}); the message names
 * the problem and never a configuration value.
 */
public final class InvalidClientConfigException extends CastellanException {

    private static final long serialVersionUID = 1L;

    /** @param message a message naming the problem (a key, a format), never a value */
    public InvalidClientConfigException(String message) {
        super(ErrorCode.BAD_REQUEST, message);
    }
}
