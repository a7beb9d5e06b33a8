package io.castellan.client.keys;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/**
 * The lowest PBKDF2 iteration count this client accepts from a server (at {@code login_start}) or uses for a new
 * account.
 *
 * <p>Why a floor: the server picks the iteration count it tells the client at login. A malicious or compromised
 * server could answer {@code 1}, receive an auth hash that is cheap to brute-force, recover the password and then
 * derive the real wrap key — breaking zero knowledge. The client refuses anything below the floor. Tests lower it
 * through the system property {@value #PROPERTY} (never an environment variable, so a shell cannot weaken it by
 * accident).
 */
public final class IterationPolicy {

    /** Minimum accepted by default. */
    public static final int DEFAULT_MINIMUM = 100_000;
    /** System property that lowers the floor, for fast tests only. */
    public static final String PROPERTY = "castellan.client.minIterations";
    /** Upper bound, so a hostile server cannot make the client spin for hours. */
    public static final int MAXIMUM = 100_000_000;

    private IterationPolicy() {
    }

    /** @return the effective floor */
    public static int minimum() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            return DEFAULT_MINIMUM;
        }
        try {
            return Math.max(1, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return DEFAULT_MINIMUM;
        }
    }

    /**
     * @param iterations a proposed count
     * @return it, when within bounds
     * @throws CastellanException ({@link ErrorCode#FORBIDDEN}) otherwise
     */
    public static int check(int iterations) {
        int min = minimum();
        if (iterations < min || iterations > MAXIMUM) {
            throw new CastellanException(ErrorCode.FORBIDDEN, "refusing a PBKDF2 iteration count of " + iterations
                    + " (allowed: " + min + " to " + MAXIMUM + "); a server must not weaken the password hash");
        }
        return iterations;
    }
}
