package io.castellan.server.device;

import io.castellan.model.ksm.WireJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The part of a {@code get_secret} answer that is the same for every device of an application while its
 * {@link AppSnapshot} is: the {@code folders} and {@code records} members, already written as JSON, and the record
 * UIDs served (for the audit event). Built once per snapshot, for the common request (no filter, no links, no pending
 * data, no attachments, whose download URLs are per request); {@link #answer} then only writes the few members that
 * differ per request around them. The bytes are exactly those the whole answer written by {@link WireJson} would have
 * ({@code PreparedAnswerTest}).
 *
 * @param foldersJson the {@code folders} member's JSON value ({@code null} when none)
 * @param recordsJson the {@code records} member's JSON value ({@code null} when none)
 * @param served      every record UID the answer carries, in answer order
 */
record PreparedAnswer(byte[] foldersJson, byte[] recordsJson, List<String> served) {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    static PreparedAnswer of(WireJson wire, Object folders, Object records, List<String> served) {
        return new PreparedAnswer(folders == null ? NULL : wire.write(folders),
                records == null ? NULL : wire.write(records), List.copyOf(served));
    }

    /**
     * The whole answer's JSON, members in the order of {@link io.castellan.model.ksm.SecretsManagerResponse}.
     *
     * @param appData           web-safe base64, or null
     * @param encryptedAppKey   standard base64, or null
     * @param appOwnerPublicKey standard base64, or null
     * @param expiresOn         epoch milliseconds, 0 for never
     */
    byte[] answer(WireJson wire, String appData, String encryptedAppKey, String appOwnerPublicKey, long expiresOn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(foldersJson.length + recordsJson.length + 512);
        out.writeBytes(ascii("{\"appData\":"));
        out.writeBytes(wire.write(appData));
        out.writeBytes(ascii(",\"encryptedAppKey\":"));
        out.writeBytes(wire.write(encryptedAppKey));
        out.writeBytes(ascii(",\"appOwnerPublicKey\":"));
        out.writeBytes(wire.write(appOwnerPublicKey));
        out.writeBytes(ascii(",\"folders\":"));
        out.writeBytes(foldersJson);
        out.writeBytes(ascii(",\"records\":"));
        out.writeBytes(recordsJson);
        out.writeBytes(ascii(",\"expiresOn\":" + expiresOn + ",\"warnings\":null,\"extra\":null}"));
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The JSON answer bytes of a request served from a {@link PreparedAnswer}: written as they are. */
    record Json(byte[] bytes) {
    }
}
