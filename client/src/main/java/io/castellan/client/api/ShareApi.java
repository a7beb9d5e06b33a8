package io.castellan.client.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.crypto.KeyWrap;
import io.castellan.client.vault.FolderKind;
import io.castellan.client.vault.VaultFolder;
import io.castellan.client.vault.VaultRecord;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.time.Instant;

/**
 * Sharing: a record directly with a user ({@code record_share}: the record key sealed with ECIES to the recipient's
 * public key, optionally expiring), and shared-folder membership ({@code folder_member_add}: the folder key sealed
 * to the new member). The server only relays sealed keys it cannot open.
 */
public final class ShareApi {

    private final ApiSession session;

    /** @param session the signed-in session */
    public ShareApi(ApiSession session) {
        this.session = session;
    }

    /** @return the public key of an active user ({@code public_key}) */
    public Recipient publicKey(String email) {
        ObjectNode answer = session.call("public_key", Wire.object().put("email", email));
        return new Recipient(Wire.text(answer, "userUid"), Wire.bytes(answer, "publicKey"));
    }

    /**
     * @param record the record to share
     * @param email the recipient
     * @param canEdit may the recipient edit it
     * @param canShare may the recipient share it on
     * @param expiresAt when the share ends, or {@code null} for never
     */
    public void shareRecord(VaultRecord record, String email, boolean canEdit, boolean canShare, Instant expiresAt) {
        shareRecord(record, email, canEdit, canShare, expiresAt, false);
    }

    /**
     * As {@link #shareRecord(VaultRecord, String, boolean, boolean, Instant)}; {@code rotateOnExpiration} asks the
     * server to rotate the record's credential when the share ends (a pamUser with rotation settings, and an
     * {@code expiresAt}).
     */
    public void shareRecord(VaultRecord record, String email, boolean canEdit, boolean canShare, Instant expiresAt,
                            boolean rotateOnExpiration) {
        Recipient recipient = publicKey(email);
        ObjectNode request = Wire.object().put("uid", record.uid()).put("email", email)
                .put("recordKey", Wire.b64(KeyWrap.toPublicKey(recipient.publicKey(), record.key())))
                .put("canEdit", canEdit).put("canShare", canShare);
        if (expiresAt != null) {
            request.put("expiresAt", expiresAt.toEpochMilli());
        }
        if (rotateOnExpiration) {
            request.put("rotateOnExpiration", true);
        }
        session.call("record_share", request);
    }

    /** Removes a direct share; the recipient's wrapped key is deleted. */
    public void unshareRecord(String recordUid, String email) {
        session.call("record_unshare", Wire.object().put("uid", recordUid).put("email", email));
    }

    /**
     * @param folder a shared folder the user can open
     * @param email the new member
     * @param permissions what the member may do
     */
    public void addFolderMember(VaultFolder folder, String email, FolderPermissions permissions) {
        requireShared(folder);
        Recipient recipient = publicKey(email);
        session.call("folder_member_add", Wire.object().put("folderUid", folder.uid()).put("email", email)
                .put("folderKey", Wire.b64(KeyWrap.toPublicKey(recipient.publicKey(), folder.key())))
                .put("manageRecords", permissions.manageRecords()).put("manageUsers", permissions.manageUsers())
                .put("canEdit", permissions.canEdit()).put("canShare", permissions.canShare()));
    }

    /**
     * Adds a team to a shared folder: the folder key sealed to the team's public key, so every member holding the
     * team key can open it.
     *
     * @param team the team's name or UID
     */
    public void addFolderTeam(VaultFolder folder, String team, FolderPermissions permissions) {
        requireShared(folder);
        ObjectNode answer = session.call("team_public_key", Wire.object().put("team", team));
        session.call("folder_member_add", Wire.object().put("folderUid", folder.uid())
                .put("team", Wire.text(answer, "teamUid"))
                .put("folderKey", Wire.b64(KeyWrap.toPublicKey(Wire.bytes(answer, "publicKey"), folder.key())))
                .put("manageRecords", permissions.manageRecords()).put("manageUsers", permissions.manageUsers())
                .put("canEdit", permissions.canEdit()).put("canShare", permissions.canShare()));
    }

    /** Removes a team from a shared folder; its members lose the folder (unless they are members themselves). */
    public void removeFolderTeam(VaultFolder folder, String team) {
        requireShared(folder);
        session.call("folder_member_remove", Wire.object().put("folderUid", folder.uid()).put("team", team));
    }

    /** Removes a member from a shared folder. */
    public void removeFolderMember(VaultFolder folder, String email) {
        requireShared(folder);
        session.call("folder_member_remove", Wire.object().put("folderUid", folder.uid()).put("email", email));
    }

    private static void requireShared(VaultFolder folder) {
        if (folder.kind() == FolderKind.SHARED_FOLDER_FOLDER) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "folder " + folder.name() + " is inside a shared"
                    + " folder; its members are the shared folder's (share that folder instead)");
        }
        if (!folder.isShared()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "folder " + folder.name()
                    + " is a user folder; only shared folders have members (create one with 'mkdir -sf')");
        }
    }
}
