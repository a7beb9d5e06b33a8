package io.castellan.client.pam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import java.io.IOException;

/**
 * The rotation settings the server must not read, sealed AES-256-GCM under the pamUser record's key (a fresh random
 * nonce each time): {@code {"version":1,"complexity":{...}}}. The gateway, which can open the record, opens these too.
 */
public final class SealedRotationSettings {

    private static final ObjectMapper JSON = Json.newMapper();

    private SealedRotationSettings() {
    }

    /** Encrypts the settings under {@code recordKey}. */
    public static byte[] seal(byte[] recordKey, PasswordComplexity complexity) {
        ObjectNode settings = JSON.createObjectNode().put("version", 1);
        settings.set("complexity", complexity.toJson());
        byte[] plain;
        try {
            plain = JSON.writeValueAsBytes(settings);
        } catch (IOException e) {
            throw new IllegalStateException("settings do not serialize", e);
        }
        try {
            return Aes256Gcm.encrypt(recordKey, plain);
        } finally {
            Wipe.wipe(plain);
        }
    }

    /** Opens settings made by {@link #seal}; the complexity they hold. */
    public static PasswordComplexity open(byte[] recordKey, byte[] sealed) {
        byte[] plain = Aes256Gcm.decrypt(recordKey, sealed);
        try {
            JsonNode settings = JSON.readTree(plain);
            return PasswordComplexity.fromJson(settings.path("complexity"));
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "the rotation settings do not parse");
        } finally {
            Wipe.wipe(plain);
        }
    }
}
