package io.castellan.server.vault;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.store.FolderGrant;
import io.castellan.store.FolderKind;
import io.castellan.store.RecordGrant;
import io.castellan.store.RecordLink;
import io.castellan.store.SharedFolderMember;
import io.castellan.store.SharedFolderTeam;
import io.castellan.store.TeamFolderGrant;
import io.castellan.store.TeamKeyGrant;
import io.castellan.store.StoredAttachment;
import io.castellan.store.SubFolder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sync_down}: everything the user can see, from a fixed number of set-based queries in one read transaction
 * (one consistent snapshot): records with their best key path, links and attachment metadata, the user's folders,
 * the folders inside the shared folders the user sees (with each record's placement in them), the members (users
 * and teams) of the shared folders the user may manage users of, and the team keys the user holds (to open folders
 * reached through teams).
 */
final class SyncCommand {

    private final VaultContext vault;

    SyncCommand(VaultContext vault) {
        this.vault = vault;
    }

    ObjectNode sync(ApiCall call) {
        Caller caller = call.requireCaller();
        String user = caller.userUid();
        Instant now = vault.clock.instant();
        return vault.store.read(h -> {
            List<RecordGrant> grants = vault.views.grants(user, now);
            Map<String, List<RecordLink>> links = new HashMap<>();
            for (RecordLink link : vault.views.visibleLinks(user, now)) {
                links.computeIfAbsent(link.resourceUid(), k -> new ArrayList<>()).add(link);
            }
            Map<String, List<StoredAttachment>> attachments = new HashMap<>();
            for (StoredAttachment a : vault.views.visibleAttachments(user, now)) {
                attachments.computeIfAbsent(a.recordUid(), k -> new ArrayList<>()).add(a);
            }
            List<FolderGrant> folders = vault.views.folders(user);
            List<TeamFolderGrant> teamFolders = vault.views.teamFolders(user);
            List<SharedFolderMember> members = vault.views.membersOfManagedFolders(user);
            List<SharedFolderTeam> folderTeams = vault.views.teamsOfManagedFolders(user);
            List<TeamKeyGrant> teamKeys = vault.teams.keysOf(user);
            Set<String> sharedUids = new LinkedHashSet<>();
            folders.stream().map(FolderGrant::folder).filter(f -> f.kind() == FolderKind.SHARED)
                    .forEach(f -> sharedUids.add(f.uid()));
            teamFolders.forEach(t -> sharedUids.add(t.grant().folder().uid()));
            Map<String, SubFolder> subFolders = new LinkedHashMap<>();
            vault.subFolders.listIn(sharedUids).forEach(s -> subFolders.put(s.uid(), s));
            Map<String, String> placements = vault.subFolders.placementsIn(sharedUids);

            ObjectNode answer = Entries.empty();
            ArrayNode records = answer.putArray("records");
            int i = 0;
            while (i < grants.size()) {
                // grants arrive ordered by record UID: merge each run of one record's grants
                int j = i + 1;
                String uid = grants.get(i).record().uid();
                while (j < grants.size() && grants.get(j).record().uid().equals(uid)) {
                    j++;
                }
                RecordAccess.merge(user, grants.subList(i, j)).ifPresent(access -> records.add(Entries.placed(
                        Entries.record(access, links.getOrDefault(uid, List.of()),
                                attachments.getOrDefault(uid, List.of())),
                        access, Optional.ofNullable(placements.get(uid)).map(subFolders::get))));
                i = j;
            }
            ArrayNode folderArray = answer.putArray("folders");
            SyncFolders.write(folderArray, user, folders, teamFolders);
            subFolders.values().forEach(s -> folderArray.add(Entries.subFolder(s)));
            ArrayNode memberArray = answer.putArray("sharedFolderMembers");
            members.forEach(m -> memberArray.add(Entries.member(m)));
            ArrayNode teamArray = answer.putArray("sharedFolderTeams");
            folderTeams.forEach(t -> teamArray.add(Entries.team(t)));
            ArrayNode keyArray = answer.putArray("teams");
            teamKeys.forEach(t -> keyArray.add(Entries.teamKey(t)));
            return answer;
        });
    }
}
