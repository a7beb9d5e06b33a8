package io.castellan.server.files;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Minimal PEM (RFC 7468) encoding and decoding of one labelled block, for the files this server writes itself.
 * Operator-provided PEM files with other layouts are read with BouncyCastle in the TLS package.
 */
public final class Pem {

    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    /** {@code -----BEGIN label-----}, base64 in 64-character lines, {@code -----END label-----}. */
    public static byte[] encode(String label, byte[] der) {
        String text = "-----BEGIN " + label + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + label + "-----\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The DER bytes of the first block labelled {@code label}.
     *
     * @throws IllegalArgumentException if there is no such block (the message names the label, never the content)
     */
    public static byte[] decode(String label, byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no PEM block labelled " + label);
        }
        String body = text.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM block labelled " + label + " is not valid base64");
        }
    }
}
