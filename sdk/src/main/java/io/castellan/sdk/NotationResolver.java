package io.castellan.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.crypto.Base64s;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordField;
import io.castellan.sdk.notation.Notation;
import io.castellan.sdk.notation.NotationException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Applies a parsed {@link Notation} to the application's records, as Keeper's {@code getNotationResults} does
 * (ksm-protocol.md §5):
 * <ul>
 *   <li>a record token that looks like a UID (22 characters of {@code [A-Za-z0-9_-]}) is first fetched alone; if that
 *       finds nothing, every record is fetched and matched on its exact title; more than one match is an error;</li>
 *   <li>{@code field} searches the standard fields, {@code custom_field} the custom ones, by exact type or exact
 *       label; more than one match is an error;</li>
 *   <li>no index or {@code []} gives every value, {@code [n]} one; strings come back as they are, other values as
 *       compact JSON; {@code [n][prop]} gives that property of object values (values without it are skipped);</li>
 *   <li>{@code file} downloads the file matched by name, title or UID and returns web-safe base64 of its content.</li>
 * </ul>
 */
final class NotationResolver {

    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final Function<List<String>, Secrets> fetch;
    private final Function<SecretFile, byte[]> download;

    NotationResolver(Function<List<String>, Secrets> fetch, Function<SecretFile, byte[]> download) {
        this.fetch = fetch;
        this.download = download;
    }

    List<String> resolve(Notation n) {
        Secret record = find(n.record());
        return switch (n.selector()) {
            case TYPE -> List.of(record.type());
            case TITLE -> List.of(record.title());
            case NOTES -> record.data().property("notes").filter(JsonNode::isTextual).map(JsonNode::textValue)
                    .map(List::of).orElse(List.of());
            case FIELD, CUSTOM_FIELD -> values(record, n);
            case FILE -> List.of(Base64s.encodeWebSafe(download.apply(file(record, n.parameter()))));
        };
    }

    private Secret find(String token) {
        List<Secret> matches = List.of();
        if (UID.matcher(token).matches()) {
            matches = fetch.apply(List.of(token)).records();
        }
        if (matches.isEmpty()) {
            matches = fetch.apply(List.of()).byTitle(token);
        }
        if (matches.size() > 1) {
            throw new NotationException(ErrorCode.BAD_REQUEST, "multiple records match '" + token + "'");
        }
        if (matches.isEmpty()) {
            throw new NotationException(ErrorCode.NOT_FOUND, "no record matches '" + token + "'");
        }
        return matches.get(0);
    }

    private static List<String> values(Secret record, Notation n) {
        List<RecordField> fields = n.selector() == Notation.Selector.FIELD ? record.data().fields()
                : record.data().custom();
        List<RecordField> matches = fields.stream()
                .filter(f -> n.parameter().equals(f.type()) || n.parameter().equals(f.label().orElse(null))).toList();
        if (matches.size() > 1) {
            throw new NotationException(ErrorCode.BAD_REQUEST, "record " + record.uid() + " has several fields "
                    + "matching '" + n.parameter() + "'");
        }
        if (matches.isEmpty()) {
            throw new NotationException(ErrorCode.NOT_FOUND, "record " + record.uid() + " has no field matching '"
                    + n.parameter() + "'");
        }
        List<JsonNode> values = matches.get(0).values();
        if (n.index() != null) {
            if (n.index() >= values.size()) {
                throw new NotationException(ErrorCode.NOT_FOUND, "index " + n.index() + " is out of bounds: field '"
                        + n.parameter() + "' has " + values.size() + " value(s)");
            }
            values = List.of(values.get(n.index()));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : values) {
            if (n.property() == null) {
                out.add(text(v));
            } else if (v.isObject() && v.has(n.property()) && !v.get(n.property()).isNull()) {
                out.add(text(v.get(n.property())));
            }
        }
        return out;
    }

    private static String text(JsonNode v) {
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static SecretFile file(Secret record, String parameter) {
        if (record.files().isEmpty()) {
            throw new NotationException(ErrorCode.NOT_FOUND, "record " + record.uid() + " has no file attachments");
        }
        List<SecretFile> matches = record.files().stream().filter(f -> parameter.equals(f.name())
                || parameter.equals(f.title()) || parameter.equals(f.uid())).toList();
        if (matches.size() > 1) {
            throw new NotationException(ErrorCode.BAD_REQUEST, "record " + record.uid() + " has several files "
                    + "matching '" + parameter + "'");
        }
        if (matches.isEmpty()) {
            throw new NotationException(ErrorCode.NOT_FOUND, "record " + record.uid() + " has no file matching '"
                    + parameter + "'");
        }
        return matches.get(0);
    }
}
