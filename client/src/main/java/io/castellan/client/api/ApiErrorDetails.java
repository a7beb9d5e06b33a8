package io.castellan.client.api;

/** Detail keys of the exceptions the client raises for server answers. */
public final class ApiErrorDetails {

    /** The HTTP status of a server's refusal (absent for failures that never reached the server). */
    public static final String HTTP_STATUS = io.castellan.client.transport.ApiErrors.DETAIL_HTTP_STATUS;
    /** Set to {@code true} by {@code login} when the account needs a TOTP code. */
    public static final String TOTP_REQUIRED = "totpRequired";
    /** The server's current key id with a {@code key} error. */
    public static final String KEY_ID = "key_id";

    private ApiErrorDetails() {
    }
}
