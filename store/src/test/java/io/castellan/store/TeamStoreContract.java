package io.castellan.store;

import static io.castellan.store.AbstractStoreContractTest.bytes;
import static io.castellan.store.AbstractStoreContractTest.count;
import static io.castellan.store.AbstractStoreContractTest.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of team keys and teams as shared-folder members: key pairs stored once, member and administrator copies
 * of the team key, pending memberships, what a user reaches through teams (folders, records, merged permissions), and
 * that removal (of the member, the team's folder row, or the team) ends it. Mixed into
 * {@link AbstractStoreContractTest} so it runs on SQLite and PostgreSQL alike.
 */
interface TeamStoreContract {

    Instant T1 = Instant.ofEpochMilli(1_800_000_000_000L);

    /** A fresh, migrated store for one test. */
    Store contractStore();

    private static void user(Store store, String uid) {
        store.users().create(uid, uid + "@example.com", UserStatus.ACTIVE, false, keys(uid));
    }

    @Test
    default void teamKeyPairsAreSetOnceAndCopiesAreKeptPerMemberAndAdministrator() {
        Store store = contractStore();
        user(store, "admin");
        user(store, "ann");
        user(store, "ben");
        TeamRepository teams = new TeamRepository(store.transactions());
        teams.create("t1", "Ops", T1);
        assertThat(teams.keyPair("t1")).isEmpty();
        assertThat(teams.setKeyPair("t1", new TeamKeyPair(bytes("pub"), bytes("priv")), T1)).isTrue();
        assertThat(teams.setKeyPair("t1", new TeamKeyPair(bytes("pub2"), bytes("priv2")), T1)).isFalse();
        assertThat(teams.keyPair("t1").orElseThrow().publicKey()).isEqualTo(bytes("pub"));
        assertThat(teams.keyPair("t1").orElseThrow().encryptedPrivateKey()).isEqualTo(bytes("priv"));

        teams.putAdminKey("t1", "admin", bytes("admin-copy"), T1);
        teams.putAdminKey("t1", "admin", bytes("admin-copy-2"), T1);
        assertThat(teams.adminKey("t1", "admin")).hasValueSatisfying(k -> assertThat(k).isEqualTo(
                bytes("admin-copy-2")));
        assertThat(teams.adminKey("t1", "ann")).isEmpty();

        assertThat(teams.addMember("t1", "ann", bytes("ann-copy"), T1)).isTrue();
        assertThat(teams.addMember("t1", "ben", T1)).isTrue();
        assertThat(teams.pending()).singleElement().satisfies(p -> {
            assertThat(List.of(p.teamUid(), p.teamName(), p.userUid(), p.email()))
                    .containsExactly("t1", "Ops", "ben", "ben@example.com");
            assertThat(p.userPublicKey()).isEqualTo(bytes("ben-pub"));
        });
        assertThat(teams.keysOf("ann")).singleElement().satisfies(g -> {
            assertThat(g.teamUid()).isEqualTo("t1");
            assertThat(g.encryptedTeamKey()).isEqualTo(bytes("ann-copy"));
            assertThat(g.keyPair().publicKey()).isEqualTo(bytes("pub"));
        });
        assertThat(teams.keysOf("ben")).isEmpty();
        assertThat(teams.setMemberKey("t1", "ben", bytes("ben-copy"))).isTrue();
        assertThat(teams.setMemberKey("t1", "admin", bytes("x"))).isFalse();
        // an invited user (no keys yet) is pending without a public key to seal to
        store.users().create("cat", "cat@example.com", UserStatus.INVITED, false, null);
        teams.addMember("t1", "cat", T1);
        assertThat(teams.pending()).singleElement().satisfies(p -> {
            assertThat(p.userUid()).isEqualTo("cat");
            assertThat(p.userPublicKey()).isNull();
        });
        teams.removeMember("t1", "cat");
        assertThat(teams.pending()).isEmpty();
        assertThat(teams.keysOf("ben")).extracting(TeamKeyGrant::teamUid).containsExactly("t1");
    }

    @Test
    default void teamMembersReachTheTeamsFoldersWithMergedPermissionsUntilRemoved() {
        Store store = contractStore();
        Clock clock = Clock.systemUTC();
        user(store, "owner");
        user(store, "ann");
        user(store, "ben");
        TeamRepository teams = new TeamRepository(store.transactions());
        FolderRepository folders = new FolderRepository(store.transactions(), clock);
        FolderMemberRepository members = new FolderMemberRepository(store.transactions(), clock);
        RecordRepository records = new RecordRepository(store.transactions(), clock);
        RecordKeyRepository recordKeys = new RecordKeyRepository(store.transactions(), clock);
        VaultViewRepository views = new VaultViewRepository(store.transactions());

        teams.create("t1", "Ops", T1);
        teams.setKeyPair("t1", new TeamKeyPair(bytes("pub"), bytes("priv")), T1);
        teams.addMember("t1", "ann", bytes("ann-copy"), T1);
        teams.addMember("t1", "ben", T1); // pending
        folders.insert("sf", FolderKind.SHARED, "owner", Optional.empty(), bytes("name"));
        members.put("sf", "owner", bytes("owner-fk"), true, true, true, true);
        members.putTeam("sf", "t1", bytes("team-fk"), false, false, true, false);
        records.insert("r1", "owner", Optional.of("sf"), bytes("data"));
        recordKeys.put(new RecordKey("r1", HolderKind.USER, "owner", bytes("owner-rk"), true, true,
                Optional.empty()));
        recordKeys.put(new RecordKey("r1", HolderKind.FOLDER, "sf", bytes("folder-rk"), false, false,
                Optional.empty()));

        // ann reaches folder and record through the team; ben (pending) reaches nothing
        assertThat(views.teamFolders("ann")).singleElement().satisfies(g -> {
            assertThat(g.teamUid()).isEqualTo("t1");
            assertThat(g.grant().member().encryptedFolderKey()).isEqualTo(bytes("team-fk"));
            assertThat(g.grant().member().canEdit()).isTrue();
        });
        assertThat(views.folders("ann")).isEmpty();
        assertThat(views.grants("ann", T1)).singleElement().satisfies(g -> {
            assertThat(g.via()).isEqualTo(HolderKind.FOLDER);
            assertThat(g.encryptedRecordKey()).isEqualTo(bytes("folder-rk"));
            assertThat(g.canEdit()).isTrue();
            assertThat(g.canShare()).isFalse();
        });
        assertThat(members.effective("sf", "ann")).hasValueSatisfying(m -> {
            assertThat(m.encryptedFolderKey()).isEqualTo(bytes("team-fk"));
            assertThat(m.canEdit()).isTrue();
            assertThat(m.manageUsers()).isFalse();
        });
        assertThat(views.teamFolders("ben")).isEmpty();
        assertThat(views.grants("ben", T1)).isEmpty();
        assertThat(members.effective("sf", "ben")).isEmpty();

        // a direct membership too: its key is preferred, the permissions are the union
        members.put("sf", "ann", bytes("ann-fk"), false, true, false, true);
        assertThat(members.effective("sf", "ann")).hasValueSatisfying(m -> {
            assertThat(m.encryptedFolderKey()).isEqualTo(bytes("ann-fk"));
            assertThat(List.of(m.manageRecords(), m.manageUsers(), m.canEdit(), m.canShare()))
                    .containsExactly(false, true, true, true);
        });
        assertThat(views.grants("ann", T1)).hasSize(2);
        // ann manages users now: she sees the team row among the folder's members
        assertThat(views.teamsOfManagedFolders("ann")).containsExactly(
                new SharedFolderTeam("sf", "t1", "Ops", false, false, true, false));
        assertThat(views.teamsOfManagedFolders("ben")).isEmpty();
        members.delete("sf", "ann");

        // removal from the team ends it at once
        teams.removeMember("t1", "ann");
        assertThat(views.teamFolders("ann")).isEmpty();
        assertThat(views.grants("ann", T1)).isEmpty();
        teams.addMember("t1", "ann", bytes("ann-copy"), T1);
        assertThat(views.grants("ann", T1)).hasSize(1);

        // so does removing the team from the folder
        assertThat(members.deleteTeam("sf", "t1")).isTrue();
        assertThat(members.deleteTeam("sf", "t1")).isFalse();
        assertThat(views.grants("ann", T1)).isEmpty();
        assertThat(members.effective("sf", "ann")).isEmpty();

        // and deleting the team removes its folder rows, memberships and copies
        members.putTeam("sf", "t1", bytes("team-fk"), false, false, false, false);
        teams.putAdminKey("t1", "owner", bytes("admin-copy"), T1);
        assertThat(views.grants("ann", T1)).hasSize(1);
        assertThat(teams.delete("t1")).isTrue();
        assertThat(teams.delete("t1")).isFalse();
        assertThat(views.grants("ann", T1)).isEmpty();
        assertThat(count(store, "team_members")).isZero();
        assertThat(count(store, "team_admin_keys")).isZero();
        assertThat(count(store, "folder_keys")).isEqualTo(1); // the owner's row
    }

    @Test
    default void teamsAreRenamedUnlessTheNameIsTaken() {
        Store store = contractStore();
        TeamRepository teams = new TeamRepository(store.transactions());
        teams.create("t1", "Ops", T1);
        teams.create("t2", "Dev", T1);
        assertThat(teams.rename("t1", "Operations", T1)).isTrue();
        assertThat(teams.findByName("Operations")).isPresent();
        assertThat(teams.rename("nope", "X", T1)).isFalse();
        assertThatThrownBy(() -> teams.rename("t1", "Dev", T1))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE));
    }
}
