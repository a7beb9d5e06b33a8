package io.castellan.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.client.crypto.AttachmentCrypto;
import io.castellan.client.crypto.AttachmentMeta;
import io.castellan.client.crypto.FolderCrypto;
import io.castellan.client.crypto.KeyType;
import io.castellan.client.crypto.KeyWrap;
import io.castellan.client.crypto.RecordCrypto;
import io.castellan.client.crypto.TeamCrypto;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.vault.FolderKind;
import io.castellan.client.vault.RecordLink;
import io.castellan.client.vault.SharedFolderMember;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultAttachment;
import io.castellan.client.vault.VaultFolder;
import io.castellan.client.vault.VaultRecord;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decrypts the answer of {@code sync_down} (or one {@code record_get} entry) into the {@link Vault} model.
 *
 * <p>Team keys open first ({@code teams[]}: the team key with the user's private key, then the team's private key
 * with the team key). Folder keys next: {@code data_key} ones with the data key, {@code public_key} ones (shared
 * folders others added this user to) with the private key, {@code team_key} ones (shared folders reached through a
 * team) with that team's private key, then {@code folder_key} and {@code shared_folder_key} ones (folders inside a
 * shared folder: key and name AES-CBC) with their nearest shared ancestor's key.
 * Records then open with the data key, the private key (direct shares) or their shared folder's key. An entry that
 * does not open is skipped and named in {@link Vault#problems()} instead of failing the whole sync.
 */
final class VaultDecoder {

    private final UserKeyring keyring;
    private final Map<String, VaultFolder> folders = new LinkedHashMap<>();
    private final Map<String, JsonNode> folderEntries = new HashMap<>();
    private final Map<String, ECPrivateKey> teamKeys = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private VaultDecoder(UserKeyring keyring) {
        this.keyring = keyring;
    }

    /** Decodes a whole {@code sync_down} answer; the keyring is taken over by the vault. */
    static Vault decode(JsonNode answer, UserKeyring keyring) {
        VaultDecoder decoder = new VaultDecoder(keyring);
        Wire.array(answer, "teams").forEach(decoder::team);
        List<JsonNode> entries = Wire.array(answer, "folders");
        entries.forEach(f -> decoder.folderEntries.put(Wire.text(f, "uid"), f));
        Set<String> underShared = Set.of(KeyType.FOLDER_KEY.wire(), KeyType.SHARED_FOLDER_KEY.wire());
        entries.stream().filter(f -> !underShared.contains(Wire.optText(f, "keyType"))).forEach(decoder::folder);
        entries.stream().filter(f -> underShared.contains(Wire.optText(f, "keyType"))).forEach(decoder::folder);
        List<VaultRecord> records = new ArrayList<>();
        for (JsonNode entry : Wire.array(answer, "records")) {
            VaultRecord record = decoder.record(entry);
            if (record != null) {
                records.add(record);
            }
        }
        List<SharedFolderMember> members = Wire.array(answer, "sharedFolderMembers").stream()
                .map(VaultDecoder::member).toList();
        return new Vault(keyring, decoder.folders.values(), records, members, decoder.problems);
    }

    /** Decodes one record entry in the context of an existing vault (for {@code record_get}). */
    static VaultRecord record(JsonNode entry, Vault vault) {
        VaultDecoder decoder = new VaultDecoder(vault.keyring());
        vault.folders().forEach(f -> decoder.folders.put(f.uid(), f));
        VaultRecord record = decoder.record(entry);
        if (record == null) {
            throw new CastellanException(io.castellan.model.error.ErrorCode.STORE_CORRUPT,
                    decoder.problems.isEmpty() ? "the record does not decrypt" : decoder.problems.get(0));
        }
        return record;
    }

    private void folder(JsonNode entry) {
        String uid = Wire.text(entry, "uid");
        byte[] key = null;
        try {
            KeyType keyType = KeyType.fromWire(Wire.text(entry, "keyType"));
            boolean underShared = keyType == KeyType.FOLDER_KEY || keyType == KeyType.SHARED_FOLDER_KEY;
            VaultFolder shared = underShared ? sharedAncestor(Wire.optText(entry, "parentUid")) : null;
            key = keyType == KeyType.TEAM_KEY ? openWithTeam(entry)
                    : KeyWrap.unwrap(Wire.bytes(entry, "folderKey"), keyType, keyring,
                            shared == null ? null : shared.key());
            String name = keyType == KeyType.SHARED_FOLDER_KEY
                    ? FolderCrypto.decryptNameCbc(Wire.bytes(entry, "data"), key)
                    : FolderCrypto.decryptName(Wire.bytes(entry, "data"), key);
            folders.put(uid, new VaultFolder(uid, FolderKind.fromWire(Wire.text(entry, "kind")),
                    Wire.optText(entry, "parentUid"), name, keyType, SecretBytes.wrap(key)));
            key = null;
        } catch (CryptoException | CastellanException e) {
            problems.add("folder " + uid + " could not be decrypted and is skipped");
        } finally {
            Wipe.wipe(key);
        }
    }

    /** Opens a team's private key (user private key → team key → team private key) for its folders. */
    private void team(JsonNode entry) {
        String uid = Wire.text(entry, "teamUid");
        byte[] teamKey = null;
        try {
            teamKey = TeamCrypto.openTeamKey(keyring.privateKey(), Wire.bytes(entry, "teamKey"));
            teamKeys.put(uid, TeamCrypto.openPrivateKey(teamKey, Wire.bytes(entry, "encryptedPrivateKey"),
                    Wire.bytes(entry, "publicKey")));
        } catch (CryptoException | CastellanException e) {
            problems.add("the key of team " + uid + " could not be decrypted; its folders are skipped");
        } finally {
            Wipe.wipe(teamKey);
        }
    }

    private byte[] openWithTeam(JsonNode entry) {
        ECPrivateKey teamKey = teamKeys.get(Wire.text(entry, "teamUid"));
        if (teamKey == null) {
            throw new CryptoException("no key for that team");
        }
        return Ecies.open(teamKey, Wire.bytes(entry, "folderKey"));
    }

    private VaultRecord record(JsonNode entry) {
        String uid = Wire.text(entry, "uid");
        byte[] key = null;
        try {
            KeyType keyType = KeyType.fromWire(Wire.text(entry, "keyType"));
            // a record placed in a folder inside its shared folder is shown there (if that folder opened)
            String subFolderUid = Wire.optText(entry, "subFolderUid");
            String folderUid = subFolderUid != null && folders.containsKey(subFolderUid) ? subFolderUid
                    : Wire.optText(entry, "folderUid");
            VaultFolder shared = keyType == KeyType.FOLDER_KEY ? sharedAncestor(folderUid) : null;
            key = KeyWrap.unwrap(Wire.bytes(entry, "recordKey"), keyType, keyring, shared == null ? null : shared.key());
            VaultRecord record = new VaultRecord(uid, Wire.longValue(entry, "revision"), folderUid,
                    Wire.optText(entry, "ownerUid"), keyType, SecretBytes.wrap(key),
                    RecordCrypto.decrypt(Wire.bytes(entry, "data"), key), Wire.bool(entry, "canEdit"),
                    Wire.bool(entry, "canShare"), Wire.instant(entry, "expiresAt"), links(entry),
                    attachments(uid, entry, key));
            key = null;
            return record;
        } catch (CryptoException | CastellanException e) {
            problems.add("record " + uid + " could not be decrypted and is skipped");
            return null;
        } finally {
            Wipe.wipe(key);
        }
    }

    private List<VaultAttachment> attachments(String recordUid, JsonNode entry, byte[] recordKey) {
        List<VaultAttachment> out = new ArrayList<>();
        for (JsonNode a : Wire.array(entry, "attachments")) {
            byte[] fileKey = null;
            try {
                fileKey = AttachmentCrypto.unwrapFileKey(Wire.bytes(a, "encryptedFileKey"), recordKey);
                AttachmentMeta meta = AttachmentCrypto.decryptMeta(Wire.bytes(a, "encryptedMeta"), fileKey);
                out.add(new VaultAttachment(Wire.text(a, "uid"), a.path("size").asLong(meta.size()), meta));
            } catch (CastellanException e) {
                problems.add("an attachment of record " + recordUid + " could not be decrypted and is skipped");
            } finally {
                Wipe.wipe(fileKey);
            }
        }
        return out;
    }

    private static List<RecordLink> links(JsonNode entry) {
        return Wire.array(entry, "links").stream()
                .map(l -> l.isTextual() ? new RecordLink(l.textValue(), null)
                        : new RecordLink(Wire.text(l, "uid"), Wire.optText(l, "kind")))
                .toList();
    }

    private static SharedFolderMember member(JsonNode m) {
        return new SharedFolderMember(Wire.optText(m, "folderUid"), Wire.optText(m, "userUid"),
                Wire.optText(m, "email"), Wire.bool(m, "manageRecords"), Wire.bool(m, "manageUsers"),
                Wire.bool(m, "canEdit"), Wire.bool(m, "canShare"));
    }

    /** The nearest shared folder at or above {@code folderUid} whose key is open, or {@code null}. */
    private VaultFolder sharedAncestor(String folderUid) {
        Set<String> seen = new HashSet<>();
        for (String uid = folderUid; uid != null && seen.add(uid); ) {
            VaultFolder open = folders.get(uid);
            if (open != null && open.isShared()) {
                return open;
            }
            JsonNode entry = folderEntries.get(uid);
            uid = open != null ? open.parentUid() : entry == null ? null : Wire.optText(entry, "parentUid");
        }
        return null;
    }
}
