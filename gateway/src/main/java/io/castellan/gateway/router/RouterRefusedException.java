package io.castellan.gateway.router;

/** The server refused this gateway for good (removed, bad signature, IP lock); reconnecting will not help. */
public final class RouterRefusedException extends RuntimeException {

    private final String code;

    /**
     * @param code    the server's error-catalogue code
     * @param message the server's sentence (never a secret)
     */
    public RouterRefusedException(String code, String message) {
        super("the server refused this gateway (" + code + "): " + message);
        this.code = code;
    }

    /** @return the server's error-catalogue code */
    public String code() {
        return code;
    }
}
