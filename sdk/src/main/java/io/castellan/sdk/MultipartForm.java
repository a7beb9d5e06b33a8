package io.castellan.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.crypto.CastellanRandom;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code multipart/form-data} body of a file upload, laid out as Keeper's Java SDK lays it out: one field per key
 * of the {@code add_file} answer's {@code parameters} (a JSON <em>string</em> holding an object; values sent as their
 * text), in order, then a part named {@code file} with {@code Content-Type: application/octet-stream} and no file
 * name, holding the encrypted bytes. Field names or values that would break the framing (quotes, CR, LF) are refused.
 */
final class MultipartForm {

    private final String boundary = "----CastellanFormBoundary" + HexFormat.of().formatHex(CastellanRandom.bytes(12));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** @return the {@code Content-Type} header value */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /**
     * @param parameters the {@code add_file} answer's {@code parameters}, an object
     * @param encryptedFile the encrypted file content
     * @return the encoded body
     */
    byte[] encode(JsonNode parameters, byte[] encryptedFile) {
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString();
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + safe(e.getKey()) + "\"\r\n\r\n"
                    + safeValue(value) + "\r\n");
        }
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n");
        out.writeBytes(encryptedFile);
        write("\r\n--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private void write(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String safe(String name) {
        if (name.isEmpty() || name.chars().anyMatch(c -> c == '"' || c == '\r' || c == '\n' || c == '\\')) {
            throw new CastellanException(ErrorCode.INTERNAL, "the add_file answer has an unusable form field name");
        }
        return name;
    }

    private String safeValue(String value) {
        if (value.contains(boundary) || value.contains("\r\n--")) {
            throw new CastellanException(ErrorCode.INTERNAL, "the add_file answer has an unusable form field value");
        }
        return value;
    }
}
