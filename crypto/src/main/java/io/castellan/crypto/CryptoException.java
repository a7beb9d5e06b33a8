package io.castellan.crypto;

/**
 * Unchecked failure of a cryptographic operation: authentication failure, malformed input or a
 * missing JCA algorithm.
 *
 * <p>Messages are fixed, human-readable descriptions of <em>what</em> went wrong (for example
 * "AES-GCM authentication failed"). They never contain keys, plaintext, or the offending input, so
 * they are safe to log and to return to a client. Causes are attached only for environment problems
 * (an algorithm missing from the JVM), never for failures that depend on attacker-supplied data.
 */
public final class CryptoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a secret-free message. */
    public CryptoException(String message) {
        super(message);
    }

    /** Creates an exception with a secret-free message and an environment-level cause. */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
