package io.castellan.server.vault;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.store.FolderGrant;
import io.castellan.store.FolderMember;
import io.castellan.store.TeamFolderGrant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code folders[]} of {@code sync_down}: one entry per folder, whatever the number of paths by which the user
 * reaches it. The key path offered is the user's own row when there is one (data key or public key), else the first
 * team row (team key); the shared-folder permissions are the union over the user's row and every team row.
 */
final class SyncFolders {

    private SyncFolders() {
    }

    static void write(ArrayNode out, String userUid, List<FolderGrant> direct, List<TeamFolderGrant> viaTeams) {
        Map<String, List<TeamFolderGrant>> teamRows = new LinkedHashMap<>();
        viaTeams.forEach(t -> teamRows.computeIfAbsent(t.grant().folder().uid(), k -> new ArrayList<>()).add(t));
        for (FolderGrant grant : direct) {
            List<TeamFolderGrant> extra = teamRows.remove(grant.folder().uid());
            out.add(Entries.folder(extra == null ? grant : merged(grant, extra), userUid));
        }
        for (List<TeamFolderGrant> rows : teamRows.values()) {
            TeamFolderGrant first = rows.get(0);
            out.add(Entries.folder(merged(first.grant(), rows.subList(1, rows.size())), userUid, first.teamUid()));
        }
    }

    /** {@code base} with its permissions widened by the team rows'. */
    private static FolderGrant merged(FolderGrant base, List<TeamFolderGrant> rows) {
        FolderMember m = base.member();
        boolean manageRecords = m.manageRecords();
        boolean manageUsers = m.manageUsers();
        boolean canEdit = m.canEdit();
        boolean canShare = m.canShare();
        for (TeamFolderGrant row : rows) {
            FolderMember t = row.grant().member();
            manageRecords |= t.manageRecords();
            manageUsers |= t.manageUsers();
            canEdit |= t.canEdit();
            canShare |= t.canShare();
        }
        return new FolderGrant(base.folder(), new FolderMember(m.folderUid(), m.userUid(), m.encryptedFolderKey(),
                manageRecords, manageUsers, canEdit, canShare, m.createdAt()));
    }
}
