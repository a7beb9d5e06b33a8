package io.castellan.server.vault;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.store.FolderGrant;
import io.castellan.store.FolderKind;
import io.castellan.store.RecordLink;
import io.castellan.store.SharedFolderMember;
import io.castellan.store.SharedFolderTeam;
import io.castellan.store.TeamKeyGrant;
import io.castellan.store.StoredAttachment;
import io.castellan.store.SubFolder;
import java.util.List;
import java.util.Optional;

/** The JSON shapes of the vault responses (docs/api.md "A record entry"); binary values in standard base64. */
final class Entries {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Entries() {
    }

    static ObjectNode empty() {
        return NODES.objectNode();
    }

    /**
     * A record entry: {@code uid, revision, data, recordKey, keyType, folderUid, ownerUid, canEdit, canShare,
     * expiresAt, links[], attachments[]} (and {@code subFolderUid} through {@link #placed}).
     */
    static ObjectNode record(RecordAccess access, List<RecordLink> links, List<StoredAttachment> attachments) {
        ObjectNode entry = NODES.objectNode();
        entry.put("uid", access.uid());
        entry.put("revision", access.record().revision());
        entry.put("data", Base64s.encode(access.record().encryptedData()));
        entry.put("recordKey", Base64s.encode(access.recordKey()));
        entry.put("keyType", access.keyType().wire());
        access.visibleFolderUid().ifPresentOrElse(f -> entry.put("folderUid", f), () -> entry.putNull("folderUid"));
        entry.put("ownerUid", access.record().ownerUid());
        entry.put("canEdit", access.canEdit());
        entry.put("canShare", access.canShare());
        access.expiresAt().ifPresentOrElse(e -> entry.put("expiresAt", e.toEpochMilli()),
                () -> entry.putNull("expiresAt"));
        ArrayNode linkArray = entry.putArray("links");
        for (RecordLink link : links) {
            linkArray.addObject().put("uid", link.linkedUid()).put("kind", link.kind());
        }
        ArrayNode attachmentArray = entry.putArray("attachments");
        for (StoredAttachment a : attachments) {
            attachmentArray.addObject().put("uid", a.uid())
                    .put("encryptedFileKey", Base64s.encode(a.encryptedFileKey()))
                    .put("encryptedMeta", Base64s.encode(a.encryptedMeta()))
                    .put("size", a.size());
        }
        return entry;
    }

    /**
     * A folder entry: {@code uid, kind, parentUid, data, folderKey, keyType}, and for a shared folder the caller's
     * permissions in it. {@code keyType} is {@code data_key} for the folder's owner and {@code public_key} for other
     * members; {@code parentUid} (a user folder of the owner's) is shown to the owner only.
     */
    static ObjectNode folder(FolderGrant grant, String userUid) {
        return folder(grant, userUid, null);
    }

    /**
     * As {@link #folder(FolderGrant, String)}; with {@code teamUid} the key is the team's copy ({@code team_key},
     * sealed to that team's public key) and the entry names the team.
     */
    static ObjectNode folder(FolderGrant grant, String userUid, String teamUid) {
        boolean owner = grant.folder().ownerUid().equals(userUid) && teamUid == null;
        ObjectNode entry = NODES.objectNode();
        entry.put("uid", grant.folder().uid());
        entry.put("kind", grant.folder().kind() == FolderKind.SHARED ? "shared" : "user");
        if (owner && grant.folder().parentUid().isPresent()) {
            entry.put("parentUid", grant.folder().parentUid().get());
        } else {
            entry.putNull("parentUid");
        }
        entry.put("data", Base64s.encode(grant.folder().encryptedData()));
        entry.put("folderKey", Base64s.encode(grant.member().encryptedFolderKey()));
        entry.put("keyType", teamUid != null ? KeyType.TEAM_KEY.wire()
                : owner ? KeyType.DATA_KEY.wire() : KeyType.PUBLIC_KEY.wire());
        if (teamUid != null) {
            entry.put("teamUid", teamUid);
        }
        entry.put("ownerUid", grant.folder().ownerUid());
        if (grant.folder().kind() == FolderKind.SHARED) {
            entry.put("manageRecords", grant.member().manageRecords());
            entry.put("manageUsers", grant.member().manageUsers());
            entry.put("canEdit", grant.member().canEdit());
            entry.put("canShare", grant.member().canShare());
        }
        return entry;
    }

    /**
     * Adds {@code subFolderUid} to a record entry when the record is placed in a folder inside the shared folder the
     * entry files it in (the user reaches it through that shared folder).
     */
    static ObjectNode placed(ObjectNode entry, RecordAccess access, Optional<SubFolder> sub) {
        sub.filter(s -> access.visibleFolderUid().equals(Optional.of(s.sharedFolderUid())))
                .ifPresent(s -> entry.put("subFolderUid", s.uid()));
        return entry;
    }

    /**
     * A folder inside a shared folder: {@code uid, kind} ({@code shared_folder_folder}), {@code parentUid} (the parent
     * folder inside the shared folder, or the shared folder itself), {@code sharedFolderUid, data} (AES-CBC under the
     * folder's key), {@code folderKey} (AES-CBC under the shared folder's key), {@code keyType}
     * ({@code shared_folder_key}).
     */
    static ObjectNode subFolder(SubFolder sub) {
        return NODES.objectNode()
                .put("uid", sub.uid())
                .put("kind", "shared_folder_folder")
                .put("parentUid", sub.parentUid().orElse(sub.sharedFolderUid()))
                .put("sharedFolderUid", sub.sharedFolderUid())
                .put("data", Base64s.encode(sub.encryptedData()))
                .put("folderKey", Base64s.encode(sub.encryptedFolderKey()))
                .put("keyType", KeyType.SHARED_FOLDER_KEY.wire());
    }

    /** A team member of a shared folder: {@code folderUid, teamUid, name, manageRecords, manageUsers, canEdit, canShare}. */
    static ObjectNode team(SharedFolderTeam t) {
        return NODES.objectNode()
                .put("folderUid", t.folderUid())
                .put("teamUid", t.teamUid())
                .put("name", t.teamName())
                .put("manageRecords", t.manageRecords())
                .put("manageUsers", t.manageUsers())
                .put("canEdit", t.canEdit())
                .put("canShare", t.canShare());
    }

    /** A team key entry: {@code teamUid, name, publicKey, encryptedPrivateKey, teamKey} (ECIES to the user). */
    static ObjectNode teamKey(TeamKeyGrant t) {
        return NODES.objectNode()
                .put("teamUid", t.teamUid())
                .put("name", t.name())
                .put("publicKey", Base64s.encode(t.keyPair().publicKey()))
                .put("encryptedPrivateKey", Base64s.encode(t.keyPair().encryptedPrivateKey()))
                .put("teamKey", Base64s.encode(t.encryptedTeamKey()));
    }

    /** A shared-folder member: {@code folderUid, userUid, email, manageRecords, manageUsers, canEdit, canShare}. */
    static ObjectNode member(SharedFolderMember m) {
        return NODES.objectNode()
                .put("folderUid", m.member().folderUid())
                .put("userUid", m.member().userUid())
                .put("email", m.email())
                .put("manageRecords", m.member().manageRecords())
                .put("manageUsers", m.member().manageUsers())
                .put("canEdit", m.member().canEdit())
                .put("canShare", m.member().canShare());
    }
}
