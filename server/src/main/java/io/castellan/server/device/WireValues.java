package io.castellan.server.device;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of device-payload values. Keeper SDKs send some binary values in standard base64 (keys) and some in
 * web-safe base64 (record data), and not always the same way across versions, so binary values are accepted in
 * either alphabet (each strictly). Failures are {@code 400 bad_request} naming the field, never its value.
 */
final class WireValues {

    /** {@code m}, one or two letters (the SDK: {@code j} Java, {@code s} JavaScript, {@code p} Python, ...), a version. */
    private static final Pattern CLIENT_VERSION = Pattern.compile("m[a-z]{1,2}[0-9]{1,4}(\\.[0-9A-Za-z-]{1,16}){0,4}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\\.?|\\[[0-9A-Fa-f:.]{2,45}\\])"
                    + "(?::[0-9]{1,5})?");

    private WireValues() {
    }

    static CastellanException bad(String field, String message) {
        return new CastellanException(ErrorCode.BAD_REQUEST, field + ": " + message,
                Map.of(CastellanException.DETAIL_FIELD, field), null);
    }

    /**
     * Accepts Keeper's version strings ({@code mj17.0.0}, {@code ms17.5.0}, {@code mp16.6.5}, ...).
     *
     * @throws CastellanException {@code INVALID_CLIENT_VERSION} otherwise
     */
    static void checkClientVersion(String clientVersion) {
        if (clientVersion == null || clientVersion.length() > 32 || !CLIENT_VERSION.matcher(clientVersion).matches()) {
            throw new CastellanException(ErrorCode.INVALID_CLIENT_VERSION, "the client version is not accepted:"
                    + " expected 'm', the SDK letter and a version, e.g. mj17.0.0 or ms17.5.0");
        }
    }

    static String uid(String value, String field) {
        if (value == null) {
            throw bad(field, "is required");
        }
        if (!Uids.isValid(value)) {
            throw bad(field, "is not a valid UID (22 characters of web-safe base64)");
        }
        return value;
    }

    static Optional<String> optionalUid(String value, String field) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(uid(value, field));
    }

    /** Standard or web-safe base64 of {@code min..max} decoded bytes. */
    static byte[] bytes(String value, String field, int min, long max) {
        if (value == null) {
            throw bad(field, "is required");
        }
        if (value.length() > 4L * ((max + 2L) / 3L) + 4) {
            throw max >= 64 * 1024 ? new CastellanException(ErrorCode.PAYLOAD_TOO_LARGE, field
                    + " is larger than the limit of " + max + " bytes", Map.of(CastellanException.DETAIL_FIELD, field),
                    null) : bad(field, "is too long");
        }
        byte[] decoded;
        try {
            decoded = value.indexOf('-') >= 0 || value.indexOf('_') >= 0 ? Base64s.decodeWebSafe(value)
                    : Base64s.decode(value);
        } catch (CryptoException e) {
            throw bad(field, "is not valid base64");
        }
        if (decoded.length < min || decoded.length > max) {
            throw bad(field, "has the wrong length");
        }
        return decoded;
    }

    /** A list of UIDs, at most {@code max}, each valid. */
    static List<String> uids(List<String> values, String field, int max) {
        if (values == null || values.isEmpty()) {
            throw bad(field, "must name at least one UID");
        }
        if (values.size() > max) {
            throw bad(field, "may name at most " + max + " UIDs");
        }
        for (String v : values) {
            uid(v, field);
        }
        return List.copyOf(values);
    }

    /** The request's {@code Host} header if it is a plain host name or address with an optional port. */
    static String host(String header) {
        if (header == null || header.length() > 261 || !HOST.matcher(header).matches()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the Host header is missing or invalid");
        }
        return header;
    }

    /** The canonical text form of an address literal (so {@code ::1} and {@code 0:0:0:0:0:0:0:1} compare equal). */
    static String address(String remoteAddr) {
        if (remoteAddr == null) {
            return "";
        }
        String literal = remoteAddr.startsWith("[") && remoteAddr.endsWith("]")
                ? remoteAddr.substring(1, remoteAddr.length() - 1) : remoteAddr;
        if (!literal.matches("[0-9A-Fa-f:.%a-zA-Z]{1,64}") || !(literal.indexOf(':') >= 0 || literal.matches("[0-9.]+"))) {
            return literal;
        }
        try {
            return InetAddress.getByName(literal).getHostAddress(); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
