package io.castellan.server.enterprise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Requests;
import io.castellan.store.TeamKeyPair;
import java.util.Optional;

/**
 * The team-key fields of enterprise requests, checked for shape only (the server cannot and does not open them):
 * {@code publicKey} (raw 65-byte P-256 point), {@code encryptedPrivateKey} ({@code AES-GCM(teamKey, PKCS#8)}) and
 * sealed team keys ({@code ECIES(recipient, teamKey)}).
 */
final class TeamKeyFields {

    /** An ECIES-sealed 32-byte team key. */
    static final int SEALED_TEAM_KEY_BYTES = Ecies.OVERHEAD + 32;
    private static final int MAX_ENCRYPTED_PRIVATE_KEY_BYTES = 512;

    private TeamKeyFields() {
    }

    /** The key pair when the request carries one ({@code publicKey} and {@code encryptedPrivateKey} together). */
    static Optional<TeamKeyPair> optionalKeyPair(ObjectNode body) {
        boolean hasPublic = body.hasNonNull("publicKey");
        boolean hasPrivate = body.hasNonNull("encryptedPrivateKey");
        if (!hasPublic && !hasPrivate) {
            return Optional.empty();
        }
        if (hasPublic != hasPrivate) {
            throw ApiFailures.badField(hasPublic ? "encryptedPrivateKey" : "publicKey",
                    "is required with " + (hasPublic ? "publicKey" : "encryptedPrivateKey"));
        }
        return Optional.of(keyPair(body));
    }

    static TeamKeyPair keyPair(ObjectNode body) {
        byte[] publicKey = Requests.bytes(body, "publicKey", EcKeys.RAW_PUBLIC_KEY_LENGTH);
        try {
            EcKeys.publicKeyFromRaw(publicKey);
        } catch (RuntimeException e) {
            throw ApiFailures.badField("publicKey", "is not a P-256 public key");
        }
        byte[] encryptedPrivateKey = Requests.bytes(body, "encryptedPrivateKey");
        if (encryptedPrivateKey.length <= Aes256Gcm.OVERHEAD
                || encryptedPrivateKey.length > MAX_ENCRYPTED_PRIVATE_KEY_BYTES) {
            throw ApiFailures.badField("encryptedPrivateKey", "must be an AES-GCM-encrypted private key of at most "
                    + MAX_ENCRYPTED_PRIVATE_KEY_BYTES + " bytes");
        }
        return new TeamKeyPair(publicKey, encryptedPrivateKey);
    }

    /** A required sealed team key in {@code field}. */
    static byte[] sealedTeamKey(ObjectNode body, String field) {
        return Requests.bytes(body, field, SEALED_TEAM_KEY_BYTES);
    }

    /** An optional sealed team key in {@code field}. */
    static Optional<byte[]> optionalSealedTeamKey(ObjectNode body, String field) {
        return body.hasNonNull(field) ? Optional.of(sealedTeamKey(body, field)) : Optional.empty();
    }
}
