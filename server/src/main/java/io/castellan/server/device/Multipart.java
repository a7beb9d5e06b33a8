package io.castellan.server.device;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, strict reader of {@code multipart/form-data} bodies (RFC 7578), for the file uploads Keeper SDKs send:
 * Java writes a CRLF before the first delimiter and no part content type for fields; Node's form-data writes the usual
 * layout. Parts are returned by their {@code name}; the body is already in memory (bounded by the HTTP layer).
 */
final class Multipart {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)(?:^|;)\\s*boundary=(?:\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]{0,200})\"");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    private static final int MAX_HEADERS = 8 * 1024;
    private static final int MAX_PARTS = 64;

    private Multipart() {
    }

    /** The boundary of a {@code multipart/form-data} content type. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw bad("the upload must be multipart/form-data");
        }
        Matcher m = BOUNDARY.matcher(contentType.substring("multipart/form-data".length()));
        if (!m.find()) {
            throw bad("the multipart content type has no boundary");
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    /** The parts' contents by name (the first part of each name wins). */
    static Map<String, byte[]> parse(String contentType, byte[] body) {
        byte[] delimiter = ("\r\n--" + boundary(contentType)).getBytes(StandardCharsets.US_ASCII);
        // The first delimiter may start the body (no preceding CRLF): search as if the body began with one.
        byte[] data = new byte[body.length + 2];
        data[0] = '\r';
        data[1] = '\n';
        System.arraycopy(body, 0, data, 2, body.length);
        int at = indexOf(data, delimiter, 0);
        if (at < 0) {
            throw bad("the multipart body has no parts");
        }
        Map<String, byte[]> parts = new LinkedHashMap<>();
        while (true) {
            int cursor = at + delimiter.length;
            if (startsWith(data, cursor, new byte[] {'-', '-'})) {
                return parts;
            }
            while (cursor < data.length && (data[cursor] == ' ' || data[cursor] == '\t')) {
                cursor++;
            }
            if (!startsWith(data, cursor, CRLF)) {
                throw bad("the multipart body is malformed");
            }
            int headersStart = cursor + 2;
            int headersEnd = indexOf(data, HEADER_END, headersStart);
            boolean noHeaders = startsWith(data, headersStart, CRLF);
            if (noHeaders) {
                headersEnd = headersStart - 2;
            }
            if (headersEnd < 0 || headersEnd - headersStart > MAX_HEADERS) {
                throw bad("the multipart part headers are malformed");
            }
            String headers = new String(data, headersStart, Math.max(0, headersEnd - headersStart),
                    StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int next = indexOf(data, delimiter, contentStart);
            if (next < 0) {
                throw bad("the multipart body is truncated");
            }
            name(headers).ifPresent(n -> parts.putIfAbsent(n, Arrays.copyOfRange(data, contentStart, next)));
            if (parts.size() > MAX_PARTS) {
                throw bad("the multipart body has too many parts");
            }
            at = next;
        }
    }

    private static Optional<String> name(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                Matcher m = NAME.matcher(line.substring(colon + 1));
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (offset + prefix.length > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] data, byte[] pattern, int from) {
        int last = data.length - pattern.length;
        byte first = pattern[0];
        for (int i = Math.max(0, from); i <= last; i++) {
            if (data[i] == first && startsWith(data, i, pattern)) {
                return i;
            }
        }
        return -1;
    }

    private static CastellanException bad(String message) {
        return new CastellanException(ErrorCode.BAD_REQUEST, message);
    }
}
