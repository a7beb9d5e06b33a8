package io.castellan.gateway.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.Wipe;
import io.castellan.model.json.Json;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.password.PasswordComplexity;
import io.castellan.sdk.Secret;
import java.io.IOException;

/**
 * Opens the rotation settings a vault user sealed under the pamUser's record key
 * ({@code {"version":1,"complexity":{"length":..,"upper":..,"lower":..,"digits":..,"special":..,"specialChars":..}}},
 * made by the CLI's {@code pam rotation edit}). The server relays them in the command's {@code settings} argument
 * but cannot read them.
 */
final class SealedSettings {

    private static final ObjectMapper JSON = Json.newMapper();

    private SealedSettings() {
    }

    /**
     * @param user the pamUser record (its key opens the settings)
     * @param sealedBase64 the command's {@code settings} argument, or null for the default rules
     * @return the password rules
     */
    static PasswordComplexity complexity(Secret user, String sealedBase64) throws RotationException {
        if (sealedBase64 == null || sealedBase64.isBlank()) {
            return PasswordComplexity.DEFAULT;
        }
        byte[] plain = null;
        try {
            plain = user.openSealed(Base64s.decode(sealedBase64));
            JsonNode c = JSON.readTree(plain).path("complexity");
            if (!c.isObject()) {
                return PasswordComplexity.DEFAULT;
            }
            String special = c.path("specialChars").asText(PasswordComplexity.DEFAULT_SPECIAL);
            return new PasswordComplexity(c.path("length").asInt(), c.path("upper").asInt(), c.path("lower").asInt(),
                    c.path("digits").asInt(), c.path("special").asInt(), special);
        } catch (IOException | RuntimeException e) {
            throw new RotationException(FailureKind.INVALID_INPUT,
                    "the rotation settings of record " + user.uid() + " do not open or parse");
        } finally {
            Wipe.wipe(plain);
        }
    }
}
