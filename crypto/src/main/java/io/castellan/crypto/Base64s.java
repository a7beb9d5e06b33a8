package io.castellan.crypto;

import java.util.Base64;

/**
 * The two base64 dialects of the KSM wire format, with strict decoding.
 *
 * <ul>
 *   <li><b>Standard</b> ({@code +/}, padded): keys, record/folder data and the client id. KSM's
 *       Java SDK decodes these with {@code Base64.getDecoder()}, which rejects {@code -} and {@code _}.</li>
 *   <li><b>Web-safe</b> ({@code -_}): UIDs, one-time tokens, {@code appData}. Encoded <em>without</em>
 *       padding; decoding accepts it with or without padding (the KSM Java SDK pads, Python does not).</li>
 * </ul>
 *
 * <p>Decoding is strict: characters of the other alphabet, whitespace, bad padding and
 * non-canonical encodings (unused trailing bits that are not zero, which would let two different
 * strings decode to the same bytes, e.g. two spellings of one UID) are all rejected with a
 * {@link CryptoException} whose message does not echo the input.
 */
public final class Base64s {

    private static final Base64.Encoder STD_ENCODER = Base64.getEncoder();
    private static final Base64.Encoder STD_ENCODER_UNPADDED = STD_ENCODER.withoutPadding();
    private static final Base64.Decoder STD_DECODER = Base64.getDecoder();
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

    private Base64s() {
    }

    /** Standard alphabet, padded. */
    public static String encode(byte[] data) {
        return STD_ENCODER.encodeToString(data);
    }

    /** Decodes standard-alphabet base64 (padding optional, canonical form required). */
    public static byte[] decode(String text) {
        return strictDecode(text, STD_DECODER, STD_ENCODER_UNPADDED, "standard");
    }

    /** Web-safe (URL) alphabet, no padding. */
    public static String encodeWebSafe(byte[] data) {
        return URL_ENCODER.encodeToString(data);
    }

    /** Decodes web-safe base64 (padding optional, canonical form required). */
    public static byte[] decodeWebSafe(String text) {
        return strictDecode(text, URL_DECODER, URL_ENCODER, "web-safe");
    }

    private static byte[] strictDecode(String text, Base64.Decoder decoder, Base64.Encoder unpadded,
                                       String dialect) {
        if (text == null) {
            throw new CryptoException("invalid " + dialect + " base64: null");
        }
        byte[] decoded;
        try {
            decoded = decoder.decode(text);
        } catch (IllegalArgumentException e) {
            // The JDK message quotes the offending character: do not propagate it.
            throw new CryptoException("invalid " + dialect + " base64");
        }
        if (!unpadded.encodeToString(decoded).equals(stripPadding(text))) {
            throw new CryptoException("invalid " + dialect + " base64: non-canonical encoding");
        }
        return decoded;
    }

    private static String stripPadding(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        return text.substring(0, end);
    }
}
