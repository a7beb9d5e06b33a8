package io.castellan.server.vault;

/** How a record or folder key is wrapped: the {@code keyType} of docs/api.md. The server never unwraps any. */
enum KeyType {
    /** {@code AES-GCM(owner's dataKey, key)}: 60 bytes for a 32-byte key. */
    DATA_KEY("data_key"),
    /** {@code AES-GCM(sharedFolderKey, key)}: a record inside a shared folder; 60 bytes. */
    FOLDER_KEY("folder_key"),
    /** {@code ECIES(recipient's public key, key)}: a direct share or a shared-folder member's copy; 125 bytes. */
    PUBLIC_KEY("public_key"),
    /**
     * {@code ECIES(team's public key, key)}: a shared folder the user reaches through a team; the entry names the
     * team ({@code teamUid}), whose private key opens with the team key from {@code sync_down}'s {@code teams[]}.
     */
    TEAM_KEY("team_key"),
    /**
     * {@code AES-256-CBC(sharedFolderKey, key)}: a folder inside a shared folder (Keeper's "shared folder folder", in
     * the format the Secrets Manager SDKs read); {@code iv(16) ‖ ciphertext(48)}, 64 bytes for a 32-byte key.
     */
    SHARED_FOLDER_KEY("shared_folder_key");

    private final String wire;

    KeyType(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    static KeyType fromWire(String wire) {
        for (KeyType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown key type");
    }
}
