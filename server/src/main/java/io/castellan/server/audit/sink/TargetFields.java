package io.castellan.server.audit.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.FieldErrors;
import io.castellan.server.api.Requests;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validated reads of the fields of sink and alert requests. Every refusal names the field and the problem, never
 * the value (a URL may carry a secret).
 */
public final class TargetFields {

    /** Names of sinks and rules: what the CLI and the cursor key use. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,253}");

    private TargetFields() {
    }

    public static String name(ObjectNode body) {
        String name = Requests.text(body, "name");
        if (!NAME.matcher(name).matches()) {
            throw FieldErrors.invalid("name", "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter"
                    + " or digit");
        }
        return name;
    }

    public static String host(ObjectNode body, String field) {
        String host = Requests.text(body, field);
        if (!HOST.matcher(host).matches()) {
            throw FieldErrors.invalid(field, "must be a host name or IP address");
        }
        return host;
    }

    public static int port(ObjectNode body, String field, Optional<Integer> fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback.orElseThrow(() -> FieldErrors.bad(field, "is required"));
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > 65_535) {
            throw FieldErrors.invalid(field, "must be a port number from 1 to 65535");
        }
        return value.intValue();
    }

    /** An absolute {@code http} or {@code https} URL with a host. */
    public static String url(ObjectNode body, String field) {
        String text = Requests.text(body, field);
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw FieldErrors.invalid(field, "must be an absolute http:// or https:// URL with a host");
            }
            return text;
        } catch (URISyntaxException e) {
            throw FieldErrors.invalid(field, "is not a valid URL");
        }
    }

    /** An absolute path (of a file that need not exist yet). */
    public static String absolutePath(ObjectNode body, String field) {
        String text = Requests.text(body, field);
        try {
            Path path = Path.of(text);
            if (!path.isAbsolute()) {
                throw FieldErrors.invalid(field, "must be an absolute path");
            }
            return path.normalize().toString();
        } catch (InvalidPathException e) {
            throw FieldErrors.invalid(field, "is not a valid path");
        }
    }

    /** An absolute path of a readable file that exists now (a CA certificate). */
    public static String readableFile(ObjectNode body, String field) {
        String path = absolutePath(body, field);
        if (!Files.isReadable(Path.of(path)) || !Files.isRegularFile(Path.of(path))) {
            throw FieldErrors.invalid(field, "must name a readable file on the server");
        }
        return path;
    }

    /** What a list shows of a URL that may carry a secret: its scheme and host only. */
    public static String redactedUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/…";
        } catch (URISyntaxException e) {
            return "(hidden)";
        }
    }
}
