package io.castellan.client.crypto;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/** How a record or folder key is wrapped: the {@code keyType} of {@code docs/api.md}. */
public enum KeyType {

    /** {@code AES-GCM(owner's dataKey, key)}. */
    DATA_KEY("data_key"),
    /** {@code AES-GCM(sharedFolderKey, key)}: a record inside a shared folder. */
    FOLDER_KEY("folder_key"),
    /** {@code ECIES(recipient's public key, key)}: a direct share or a shared-folder member's copy. */
    PUBLIC_KEY("public_key"),
    /** {@code ECIES(team's public key, key)}: a shared folder reached through a team (open with the team's key). */
    TEAM_KEY("team_key"),
    /**
     * {@code AES-256-CBC(sharedFolderKey, key)}: a folder inside a shared folder, in Keeper's format (which the Secrets
     * Manager SDKs read).
     */
    SHARED_FOLDER_KEY("shared_folder_key");

    private final String wire;

    KeyType(String wire) {
        this.wire = wire;
    }

    /** @return the wire name */
    public String wire() {
        return wire;
    }

    /**
     * @param wire a wire name from the server
     * @return the key type
     * @throws CastellanException ({@link ErrorCode#INTERNAL}) for a name this client does not know
     */
    public static KeyType fromWire(String wire) {
        for (KeyType type : values()) {
            if (type.wire.equals(wire)) {
                return type;
            }
        }
        throw new CastellanException(ErrorCode.INTERNAL, "the server sent an unknown key type");
    }
}
