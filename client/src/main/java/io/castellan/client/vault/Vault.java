package io.castellan.client.vault;

import io.castellan.client.keys.UserKeyring;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the signed-in user can see, decrypted: the folder tree, the records and the user's keys. Folders whose
 * parent is not visible (someone else's tree) and records whose folder is not visible (direct shares) appear at the
 * root. Entries that could not be decrypted are left out and described in {@link #problems()}.
 *
 * <p>Holds keys: {@link #close()} wipes the keyring and every record and folder key.
 */
public final class Vault implements AutoCloseable {

    private static final Comparator<VaultFolder> BY_NAME = Comparator.comparing(VaultFolder::name)
            .thenComparing(VaultFolder::uid);
    private static final Comparator<VaultRecord> BY_TITLE = Comparator.comparing(VaultRecord::title)
            .thenComparing(VaultRecord::uid);

    /** Marks the root in path lookups (not a valid UID, so it cannot collide). */
    private static final String ROOT = "/";

    private final UserKeyring keyring;
    private final Map<String, VaultFolder> folders = new LinkedHashMap<>();
    private final Map<String, VaultRecord> records = new LinkedHashMap<>();
    private final List<SharedFolderMember> members;
    private final List<String> problems;

    /** Builds a vault; the keyring, folders and records are taken over (closed with it). */
    public Vault(UserKeyring keyring, Collection<VaultFolder> folders, Collection<VaultRecord> records,
            List<SharedFolderMember> members, List<String> problems) {
        this.keyring = keyring;
        folders.forEach(f -> this.folders.put(f.uid(), f));
        records.forEach(r -> this.records.put(r.uid(), r));
        this.members = List.copyOf(members);
        this.problems = List.copyOf(problems);
    }

    public UserKeyring keyring() {
        return keyring;
    }

    public Collection<VaultFolder> folders() {
        return Collections.unmodifiableCollection(folders.values());
    }

    public Collection<VaultRecord> records() {
        return Collections.unmodifiableCollection(records.values());
    }

    /** @return shared-folder members of the folders the user can see */
    public List<SharedFolderMember> members() {
        return members;
    }

    /** @return safe descriptions of entries that were skipped because they did not decrypt */
    public List<String> problems() {
        return problems;
    }

    public Optional<VaultFolder> folder(String uid) {
        return Optional.ofNullable(uid == null ? null : folders.get(uid));
    }

    public Optional<VaultRecord> record(String uid) {
        return Optional.ofNullable(uid == null ? null : records.get(uid));
    }

    /** @return the visible parent of a folder, or {@code null} for the root */
    public String parentOf(VaultFolder folder) {
        return folders.containsKey(folder.parentUid()) ? folder.parentUid() : null;
    }

    /** @return the visible folder of a record, or {@code null} for the root */
    public String folderOf(VaultRecord record) {
        return folders.containsKey(record.folderUid()) ? record.folderUid() : null;
    }

    /** @return the sub-folders of a folder ({@code null}: the root), by name */
    public List<VaultFolder> childFolders(String parentUid) {
        return folders.values().stream().filter(f -> eq(parentOf(f), parentUid)).sorted(BY_NAME).toList();
    }

    /** @return the records in a folder ({@code null}: the root), by title */
    public List<VaultRecord> recordsIn(String folderUid) {
        return records.values().stream().filter(r -> eq(folderOf(r), folderUid)).sorted(BY_TITLE).toList();
    }

    /** @return the absolute path of a folder ({@code /} for {@code null}) */
    public String pathOf(String folderUid) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (VaultFolder f = folders.get(folderUid); f != null && seen.add(f.uid()); f = folders.get(parentOf(f))) {
            names.add(0, f.name());
        }
        return VaultPaths.join(names);
    }

    /** @return the folder itself if shared, else its nearest shared ancestor; empty when none */
    public Optional<VaultFolder> sharedFolderFor(String folderUid) {
        Set<String> seen = new HashSet<>();
        for (VaultFolder f = folders.get(folderUid); f != null && seen.add(f.uid()); f = folders.get(parentOf(f))) {
            if (f.isShared()) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves a folder given as a UID or a path.
     *
     * @param pathOrUid a folder UID, or a path such as {@code Servers/Prod}; {@code ""} and {@code "/"} mean the root
     * @return the folder, or empty for the root
     * @throws CastellanException ({@link ErrorCode#NOT_FOUND}) when there is no such folder
     */
    public Optional<VaultFolder> resolveFolder(String pathOrUid) {
        if (pathOrUid != null && folders.containsKey(pathOrUid)) {
            return Optional.of(folders.get(pathOrUid));
        }
        String parent = null;
        for (String name : VaultPaths.split(pathOrUid)) {
            parent = childByName(parent, name).map(VaultFolder::uid).orElseThrow(() ->
                    new CastellanException(ErrorCode.NOT_FOUND, "no folder " + VaultPaths.join(
                            VaultPaths.split(pathOrUid)) + " in your vault"));
        }
        return folder(parent);
    }

    /**
     * Resolves a record given as a UID or a path {@code Folder/Sub/Title}. A title may itself contain {@code /}:
     * the longest folder prefix that exists is tried first.
     *
     * @throws CastellanException {@link ErrorCode#NOT_FOUND} when there is no such record,
     *     {@link ErrorCode#BAD_REQUEST} when several records in the folder have that title
     */
    public VaultRecord resolveRecord(String uidOrPath) {
        if (uidOrPath != null && records.containsKey(uidOrPath)) {
            return records.get(uidOrPath);
        }
        String raw = uidOrPath == null ? "" : uidOrPath;
        for (int cut = raw.lastIndexOf('/'); cut >= -1; cut = cut < 0 ? -2 : raw.lastIndexOf('/', cut - 1)) {
            String title = raw.substring(cut + 1);
            String located = title.isEmpty() ? null : folderAt(VaultPaths.split(cut < 0 ? "" : raw.substring(0, cut)));
            if (located == null) {
                continue;
            }
            String folderUid = ROOT.equals(located) ? null : located;
            List<VaultRecord> matches = recordsIn(folderUid).stream().filter(r -> r.title().equals(title)).toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw new CastellanException(ErrorCode.BAD_REQUEST, matches.size() + " records in "
                        + pathOf(folderUid) + " have that title ("
                        + String.join(", ", matches.stream().map(VaultRecord::uid).toList()) + "); use the UID");
            }
        }
        throw new CastellanException(ErrorCode.NOT_FOUND, "no record " + (uidOrPath == null ? "" : uidOrPath)
                + " in your vault (give a record UID or FOLDER/TITLE)");
    }

    /** @return the UID of the folder at a path, {@link #ROOT} for the root, {@code null} when it does not exist */
    private String folderAt(List<String> names) {
        String parent = null;
        for (String name : names) {
            Optional<VaultFolder> child = childByName(parent, name);
            if (child.isEmpty()) {
                return null;
            }
            parent = child.get().uid();
        }
        return parent == null ? ROOT : parent;
    }

    private Optional<VaultFolder> childByName(String parentUid, String name) {
        List<VaultFolder> named = childFolders(parentUid).stream().filter(f -> f.name().equals(name)).toList();
        if (named.size() > 1) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, named.size() + " folders in " + pathOf(parentUid)
                    + " are named " + name + " (" + String.join(", ", named.stream().map(VaultFolder::uid).toList())
                    + "); use the UID");
        }
        return named.stream().findFirst();
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    @Override
    public void close() {
        folders.values().forEach(VaultFolder::close);
        records.values().forEach(VaultRecord::close);
        if (keyring != null) {
            keyring.close();
        }
    }
}
