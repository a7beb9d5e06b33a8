package io.castellan.model.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The product's one unchecked exception: an {@link ErrorCode}, a safe message and optional
 * structured details.
 *
 * <p><b>Safe</b> means the message and every detail value may be shown to the user, written to a
 * log and put into an audit event: they must never contain a password, key, token, record value or
 * other secret. Name the thing (record type, field, policy, UID), never its content. For the same
 * reason a cause should only be attached when its own message is known to be safe; parsers in this
 * module deliberately drop the JSON library's exception, whose message can quote input.
 *
 * <p>Details are a small ordered string map for programs to act on (for example
 * {@value #DETAIL_POLICY} names the enforcement policy a {@link ErrorCode#FORBIDDEN} caller lacks).
 * Instances are immutable; {@link #withDetail} returns a copy.
 */
public class CastellanException extends RuntimeException {

    /** Detail key: the enforcement policy the caller lacks, e.g. {@code ALLOW_PAM_ROTATION}. */
    public static final String DETAIL_POLICY = "policy";
    /** Detail key: the field in question, as {@code type} or {@code type:label}. */
    public static final String DETAIL_FIELD = "field";
    /** Detail key: the record type in question. */
    public static final String DETAIL_RECORD_TYPE = "recordType";
    /** Detail key: the object's current revision, with {@link ErrorCode#CONFLICT}. */
    public static final String DETAIL_REVISION = "revision";
    /** Detail key: seconds the caller should wait before retrying. */
    public static final String DETAIL_RETRY_AFTER = "retryAfterSeconds";

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Map<String, String> details;

    /**
     * @param code the catalogue entry
     * @param safeMessage a message that is safe to show and log (see the class comment)
     */
    public CastellanException(ErrorCode code, String safeMessage) {
        this(code, safeMessage, Map.of(), null);
    }

    /**
     * @param code the catalogue entry
     * @param safeMessage a message that is safe to show and log
     * @param details safe structured details, copied in iteration order
     * @param cause an optional cause whose message is itself safe, or {@code null}
     */
    public CastellanException(ErrorCode code, String safeMessage, Map<String, String> details, Throwable cause) {
        super(Objects.requireNonNull(safeMessage, "safeMessage"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * A {@link ErrorCode#FORBIDDEN} failure caused by a missing role enforcement policy.
     *
     * @param policy the policy name, e.g. {@code ALLOW_LAUNCH_PAM_TUNNELS}
     * @return the exception, with {@value #DETAIL_POLICY} set
     */
    public static CastellanException missingPolicy(String policy) {
        return new CastellanException(ErrorCode.FORBIDDEN,
                "the enforcement policy " + policy + " is required for this action",
                Map.of(DETAIL_POLICY, policy), null);
    }

    /** @return the catalogue entry */
    public ErrorCode code() {
        return code;
    }

    /** @return the structured details (unmodifiable, possibly empty) */
    public Map<String, String> details() {
        return details;
    }

    /**
     * @param key a detail key such as {@value #DETAIL_FIELD}
     * @return the detail's value, if present
     */
    public Optional<String> detail(String key) {
        return Optional.ofNullable(details.get(key));
    }

    /**
     * Returns a copy with one more detail; the copy keeps this exception's cause and stack trace.
     *
     * @param key the detail key
     * @param value a safe value
     * @return the new exception
     */
    public CastellanException withDetail(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(key, value);
        CastellanException copy = new CastellanException(code, getMessage(), more, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    @Override
    public String toString() {
        return getClass().getName() + ": [" + code.code() + "] " + getMessage();
    }
}
