package io.castellan.model.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a Jackson exception into a short message that is safe to show and log.
 *
 * <p>Why: Jackson's own messages quote the offending input ({@code Unrecognized token 'hunter2'},
 * {@code Cannot deserialize ... from String "s3cret"}), and the input may be a decrypted record.
 * This class describes only the <em>kind</em> of failure, its line and column, the JSON path made
 * of property names and indexes, and the expected type — never a value.
 */
public final class JsonFailures {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_$-]{1,64}");

    private JsonFailures() {
    }

    /**
     * @param e a parse or mapping failure
     * @return a safe description such as {@code "wrong type at revision (expected an integer)"}
     */
    public static String describe(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            String original = String.valueOf(e.getOriginalMessage());
            return original.contains("nesting depth") ? "JSON nests too deeply" : "JSON exceeds a size limit";
        }
        if (e instanceof JsonEOFException) {
            return "JSON ends unexpectedly (truncated?)";
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown property " + safeName(u.getPropertyName()) + at(u);
        }
        if (e instanceof MismatchedInputException m) {
            if (String.valueOf(m.getOriginalMessage()).startsWith("No content to map")) {
                return "JSON is empty";
            }
            if (String.valueOf(m.getOriginalMessage()).startsWith("Cannot map `null`")) {
                return "missing or null value" + at(m) + " (expected " + expected(m.getTargetType()) + ")";
            }
            if (m.getTargetType() == null && m.getPath().isEmpty()) {
                return "JSON is empty or has an unexpected shape";
            }
            return "wrong type" + at(m) + " (expected " + expected(m.getTargetType()) + ")";
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return "invalid value" + at(m);
        }
        String original = String.valueOf(e.getOriginalMessage());
        if (original.startsWith("Duplicate field")) {
            return "JSON has a duplicate key" + line(e.getLocation());
        }
        return "malformed JSON" + line(e.getLocation());
    }

    /**
     * @param name a property name from untrusted input
     * @return the name quoted if it is a plain identifier, otherwise a placeholder
     */
    public static String safeName(String name) {
        return name != null && SAFE_NAME.matcher(name).matches() ? "'" + name + "'" : "'?'";
    }

    private static String at(JsonMappingException m) {
        List<JsonMappingException.Reference> path = m.getPath();
        if (path.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" at ");
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 4) {
                    sb.append('.');
                }
                String n = ref.getFieldName();
                sb.append(SAFE_NAME.matcher(n).matches() ? n : "?");
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "type " + type.getSimpleName();
    }

    private static String line(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) {
            return "";
        }
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
