package io.castellan.store;

import static io.castellan.store.AbstractStoreContractTest.bytes;
import static io.castellan.store.AbstractStoreContractTest.count;
import static io.castellan.store.AbstractStoreContractTest.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of the Secrets Manager repositories (applications and members, grants, devices, what an application
 * reaches, pending rotations, device sub-folders, upload tokens), mixed into {@link AbstractStoreContractTest} so it
 * runs on SQLite and PostgreSQL alike.
 */
interface SecretsManagerStoreContract {

    Instant T0 = Instant.ofEpochMilli(1_800_000_000_000L);

    /** A fresh, migrated store for one test. */
    Store contractStore();

    private static void user(Store store, String uid) {
        store.users().create(uid, uid + "@example.com", UserStatus.ACTIVE, false, keys(uid));
    }

    @Test
    default void applicationsMembersAndCascadingRemoval() {
        Store store = contractStore();
        Clock clock = Clock.systemUTC();
        user(store, "owner");
        user(store, "bob");
        user(store, "carol");
        ApplicationRepository apps = new ApplicationRepository(store.transactions(), clock);
        AppGrantRepository grants = new AppGrantRepository(store.transactions(), clock);
        DeviceRepository devices = new DeviceRepository(store.transactions(), clock);

        StoredApplication app = apps.insert("app1", "owner", bytes("wrapped-app-key"), bytes("app-data"));
        assertThat(app.ownerUid()).isEqualTo("owner");
        assertThatThrownBy(() -> apps.insert("app1", "bob", bytes("k"), bytes("d")))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE));
        apps.insert("app2", "bob", bytes("bob-key"), bytes("bob-data"));

        assertThat(apps.visible("app1", "owner").orElseThrow().owner()).isTrue();
        assertThat(apps.visible("app1", "bob")).isEmpty();
        apps.putMember("app1", "bob", AppRole.VIEWER, bytes("sealed-for-bob"));
        apps.putMember("app1", "bob", AppRole.ADMIN, bytes("sealed-for-bob-2"));
        VisibleApplication seen = apps.visible("app1", "bob").orElseThrow();
        assertThat(seen.owner()).isFalse();
        assertThat(seen.membership().orElseThrow().role()).isEqualTo(AppRole.ADMIN);
        assertThat(seen.membership().orElseThrow().encryptedAppKey()).isEqualTo(bytes("sealed-for-bob-2"));

        List<VisibleApplication> bobs = apps.listVisible("bob");
        assertThat(bobs).extracting(v -> v.app().uid()).containsExactly("app1", "app2");
        assertThat(bobs.get(0).owner()).isFalse();
        assertThat(bobs.get(1).owner()).isTrue();
        assertThat(apps.listVisible("carol")).isEmpty();
        assertThat(apps.members("app1")).extracting(AppMemberView::email).containsExactly("bob@example.com");

        grants.put("app1", "rec1", AppGrantKind.RECORD, bytes("k1"), false, Optional.empty());
        devices.insert("client-1", "app1", DeviceKind.DEVICE, "laptop", bytes("ak"), true, Optional.of(T0),
                Optional.empty());
        assertThat(apps.delete("app1")).isTrue();
        assertThat(apps.delete("app1")).isFalse();
        assertThat(grants.list("app1")).isEmpty();
        assertThat(devices.get("client-1")).isEmpty();
        assertThat(apps.members("app1")).isEmpty();
        assertThat(apps.get("app2")).isPresent();
    }

    @Test
    default void grantsAreReplacedListedAndRemoved() {
        Store store = contractStore();
        Clock clock = Clock.systemUTC();
        user(store, "owner");
        ApplicationRepository apps = new ApplicationRepository(store.transactions(), clock);
        AppGrantRepository grants = new AppGrantRepository(store.transactions(), clock);
        apps.insert("app1", "owner", bytes("k"), bytes("d"));

        grants.put("app1", "folder1", AppGrantKind.FOLDER, bytes("fk"), false, Optional.of(bytes("cbc-name")));
        AppGrant replaced = grants.put("app1", "folder1", AppGrantKind.FOLDER, bytes("fk2"), true, Optional.empty());
        assertThat(replaced.editable()).isTrue();
        assertThat(replaced.encryptedKey()).isEqualTo(bytes("fk2"));
        assertThat(replaced.folderData()).isEmpty();
        grants.put("app1", "rec1", AppGrantKind.RECORD, bytes("rk"), false, Optional.empty());
        assertThat(grants.list("app1")).extracting(AppGrant::subjectUid).containsExactly("folder1", "rec1");
        assertThat(grants.get("app1", "rec1").orElseThrow().kind()).isEqualTo(AppGrantKind.RECORD);
        assertThat(grants.delete("app1", "rec1")).isTrue();
        assertThat(grants.delete("app1", "rec1")).isFalse();
        assertThat(grants.list("app1")).hasSize(1);
    }

    @Test
    default void aDeviceBindsOnceAndIsTouchedForward() {
        Store store = contractStore();
        Clock clock = Clock.systemUTC();
        user(store, "owner");
        new ApplicationRepository(store.transactions(), clock).insert("app1", "owner", bytes("k"), bytes("d"));
        DeviceRepository devices = new DeviceRepository(store.transactions(), clock);

        Device added = devices.insert("client-1", "app1", DeviceKind.GATEWAY, "gw", bytes("ak"), true,
                Optional.of(T0), Optional.of(T0.plusSeconds(3600)));
        assertThat(added.bound()).isFalse();
        assertThat(added.kind()).isEqualTo(DeviceKind.GATEWAY);
        assertThat(added.firstAccessExpiresAt()).contains(T0);
        assertThat(added.accessExpiresAt()).contains(T0.plusSeconds(3600));
        assertThat(added.lastSeenAt()).isEmpty();
        assertThatThrownBy(() -> devices.insert("client-1", "app1", DeviceKind.DEVICE, "x", bytes("ak"), false,
                Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE));

        assertThat(devices.bind("client-1", bytes("public-key-1"), Optional.of("192.0.2.7"))).isTrue();
        assertThat(devices.bind("client-1", bytes("public-key-2"), Optional.empty())).isFalse();
        Device bound = devices.get("client-1").orElseThrow();
        assertThat(bound.publicKey()).hasValueSatisfying(k -> assertThat(k).isEqualTo(bytes("public-key-1")));
        assertThat(bound.lockedIp()).contains("192.0.2.7");
        assertThat(bound.lastSeenAt()).isPresent();
        assertThat(devices.bind("missing", bytes("k"), Optional.empty())).isFalse();

        Instant later = Instant.ofEpochMilli(clock.millis() + 60_000);
        devices.touch("client-1", later);
        devices.touch("client-1", later.minusSeconds(30));
        assertThat(devices.get("client-1").orElseThrow().lastSeenAt()).contains(later);

        devices.insert("client-2", "app1", DeviceKind.DEVICE, "d2", bytes("ak"), false, Optional.empty(),
                Optional.empty());
        assertThat(devices.listByApp("app1")).extracting(Device::clientId).containsExactly("client-1", "client-2");
        assertThat(devices.delete("client-1")).isTrue();
        assertThat(devices.delete("client-1")).isFalse();
        assertThat(devices.listByApp("app1")).extracting(Device::clientId).containsExactly("client-2");
    }

    @Test
    default void anApplicationReachesGrantedRecordsAndTheRecordsOfGrantedFolders() {
        Store store = contractStore();
        Clock clock = Clock.systemUTC();
        user(store, "owner");
        ApplicationRepository apps = new ApplicationRepository(store.transactions(), clock);
        AppGrantRepository grants = new AppGrantRepository(store.transactions(), clock);
        FolderRepository folders = new FolderRepository(store.transactions(), clock);
        AttachmentRepository attachments = new AttachmentRepository(store.transactions(), clock);
        SubFolderRepository subFolders = new SubFolderRepository(store.transactions(), clock);
        AppViewRepository views = new AppViewRepository(store.transactions());
        apps.insert("app1", "owner", bytes("k"), bytes("d"));
        folders.insert("sf1", FolderKind.SHARED, "owner", Optional.empty(), bytes("sf-data"));
        folders.insert("uf1", FolderKind.USER, "owner", Optional.empty(), bytes("uf-data"));
        store.records().insert("direct", "owner", Optional.empty(), bytes("direct-data"));
        store.records().insert("inFolder", "owner", Optional.of("sf1"), bytes("folder-data"));
        store.records().insert("noKey", "owner", Optional.of("sf1"), bytes("no-key-data"));
        store.records().insert("gone", "owner", Optional.empty(), bytes("gone-data"));
        store.records().insert("userFolder", "owner", Optional.of("uf1"), bytes("uf-rec"));
        store.recordKeys().put(new RecordKey("inFolder", HolderKind.FOLDER, "sf1", bytes("fk-wrapped"), false, false,
                Optional.empty()));
        store.recordKeys().put(new RecordKey("userFolder", HolderKind.FOLDER, "uf1", bytes("x"), false, false,
                Optional.empty()));
        store.records().softDelete("gone", 1);
        grants.put("app1", "direct", AppGrantKind.RECORD, bytes("rk"), false, Optional.empty());
        grants.put("app1", "gone", AppGrantKind.RECORD, bytes("rk"), true, Optional.empty());
        grants.put("app1", "sf1", AppGrantKind.FOLDER, bytes("sfk"), true, Optional.empty());
        grants.put("app1", "uf1", AppGrantKind.FOLDER, bytes("ufk"), true, Optional.empty());
        subFolders.insert("sub1", "sf1", Optional.empty(), bytes("cbc-key"), bytes("cbc-name"));
        subFolders.place("inFolder", "sub1");
        attachments.insert("file1", "inFolder", bytes("file-key"), bytes("meta"), bytes("bytes"));
        attachments.insert("file2", "userFolder", bytes("file-key"), bytes("meta"), bytes("bytes"));
        attachments.insert("file3", "direct", bytes("file-key"), bytes("meta"), bytes("bytes"));
        attachments.insert("file4", "gone", bytes("file-key"), bytes("meta"), bytes("bytes"));

        assertThat(views.directRecords("app1")).extracting(g -> g.record().uid()).containsExactly("direct");
        assertThat(views.folderGrants("app1")).extracting(AppGrant::subjectUid).containsExactly("sf1");
        List<AppFolderRecord> inFolders = views.folderRecords("app1");
        assertThat(inFolders).hasSize(1);
        assertThat(inFolders.get(0).record().uid()).isEqualTo("inFolder");
        assertThat(inFolders.get(0).folderWrappedKey()).isEqualTo(bytes("fk-wrapped"));
        assertThat(inFolders.get(0).subFolderUid()).contains("sub1");
        assertThat(views.attachments("app1")).extracting(StoredAttachment::uid).containsExactly("file3", "file1");
        assertThat(views.attachments("other")).isEmpty();

        assertThat(views.reach("app1", "direct").orElseThrow().editable()).isFalse();
        AppViewRepository.RecordReach viaFolder = views.reach("app1", "inFolder").orElseThrow();
        assertThat(viaFolder.editable()).isTrue();
        assertThat(viaFolder.grantedFolderUid()).contains("sf1");
        assertThat(views.reach("app1", "gone")).isEmpty();
        assertThat(views.reach("app1", "noKey")).isEmpty();
        assertThat(views.reach("app1", "userFolder")).isEmpty();
        // both paths: the edit right is the union
        grants.put("app1", "inFolder", AppGrantKind.RECORD, bytes("rk"), false, Optional.empty());
        assertThat(views.reach("app1", "inFolder").orElseThrow().editable()).isTrue();
        assertThat(views.reach("other", "direct")).isEmpty();
    }

    /**
     * The data epoch (migration V14) moves with every committed change to a table a get_secret answer is built from,
     * however it is written, and with nothing else: the server serves cached answers while it stands still.
     */
    @Test
    default void theDataEpochMovesWithEveryChangeAnApplicationIsServedFromAndNothingElse() {
        Store store = contractStore();
        Clock clock = Clock.systemUTC();
        DataEpoch epoch = new DataEpoch(store.transactions());
        ApplicationRepository apps = new ApplicationRepository(store.transactions(), clock);
        AppGrantRepository grants = new AppGrantRepository(store.transactions(), clock);
        FolderRepository folders = new FolderRepository(store.transactions(), clock);
        AttachmentRepository attachments = new AttachmentRepository(store.transactions(), clock);
        SubFolderRepository subFolders = new SubFolderRepository(store.transactions(), clock);
        DeviceRepository devices = new DeviceRepository(store.transactions(), clock);
        long[] last = {epoch.current()};
        java.util.function.Consumer<String> moved = what -> {
            long now = epoch.current();
            assertThat(now).as(what + " moves the data epoch").isGreaterThan(last[0]);
            last[0] = now;
        };
        java.util.function.Consumer<String> still = what -> assertThat(epoch.current())
                .as(what + " leaves the data epoch alone").isEqualTo(last[0]);

        user(store, "owner");
        still.accept("a new user");
        apps.insert("app1", "owner", bytes("k"), bytes("d"));
        moved.accept("a new application");
        folders.insert("sf1", FolderKind.SHARED, "owner", Optional.empty(), bytes("sf-data"));
        moved.accept("a new shared folder");
        store.records().insert("r1", "owner", Optional.of("sf1"), bytes("v1"));
        moved.accept("a new record");
        store.recordKeys().put(new RecordKey("r1", HolderKind.FOLDER, "sf1", bytes("fk"), false, false,
                Optional.empty()));
        moved.accept("a record key");
        grants.put("app1", "sf1", AppGrantKind.FOLDER, bytes("sfk"), false, Optional.empty());
        moved.accept("a grant");
        grants.put("app1", "sf1", AppGrantKind.FOLDER, bytes("sfk"), true, Optional.empty());
        moved.accept("a grant made editable");
        subFolders.insert("sub1", "sf1", Optional.empty(), bytes("cbc-key"), bytes("cbc-name"));
        still.accept("an empty device sub-folder");
        subFolders.place("r1", "sub1");
        moved.accept("a record placed in a sub-folder");
        attachments.insert("file1", "r1", bytes("file-key"), bytes("meta"), bytes("bytes"));
        moved.accept("an attachment");
        devices.insert("client-1", "app1", DeviceKind.DEVICE, "laptop", bytes("ak"), false, Optional.empty(),
                Optional.empty());
        devices.touch("client-1", clock.instant());
        still.accept("a device added and seen");
        DeviceRepository.Seen seen = devices.getWithDataEpoch("client-1").orElseThrow();
        assertThat(seen.device().appUid()).isEqualTo("app1");
        assertThat(seen.dataEpoch()).as("read with the device, in one statement").isEqualTo(last[0]);
        assertThat(devices.getWithDataEpoch("unknown")).isEmpty();
        store.records().update("r1", 1, bytes("v2"));
        moved.accept("a record update");
        assertThatThrownBy(() -> store.transactions().write(h -> {
            store.records().update("r1", 2, bytes("v3"));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        still.accept("a rolled-back update");
        store.transactions().write(h -> {
            store.records().insert("r2", "owner", Optional.empty(), bytes("d"));
            grants.put("app1", "r2", AppGrantKind.RECORD, bytes("rk"), false, Optional.empty());
            return null;
        });
        moved.accept("a record and its grant in one transaction");
        assertThat(subFolders.unplace("r1")).isTrue();
        moved.accept("a record taken out of its sub-folder");
        assertThat(grants.delete("app1", "r2")).isTrue();
        moved.accept("a grant removed");
        assertThat(store.recordKeys().delete("r1", HolderKind.FOLDER, "sf1")).isTrue();
        moved.accept("a folder's record key removed");
        store.records().softDelete("r1", 2);
        moved.accept("a record deleted");
        assertThat(apps.delete("app1")).isTrue();
        moved.accept("an application removed");
    }

    @Test
    default void aRotationIsPendingUntilDeletedAndReplacedMeanwhile() {
        Store store = contractStore();
        Clock clock = Clock.systemUTC();
        user(store, "owner");
        new ApplicationRepository(store.transactions(), clock).insert("app1", "owner", bytes("k"), bytes("d"));
        store.records().insert("rec", "owner", Optional.empty(), bytes("v1"));
        PendingUpdateRepository pending = new PendingUpdateRepository(store.transactions(), clock);

        assertThat(pending.get("rec")).isEmpty();
        pending.put("rec", "app1", "client-1", 1, bytes("rotated-1"));
        PendingUpdate second = pending.put("rec", "app1", "client-2", 1, bytes("rotated-2"));
        assertThat(second.encryptedData()).isEqualTo(bytes("rotated-2"));
        assertThat(second.clientId()).isEqualTo("client-2");
        assertThat(second.baseRevision()).isEqualTo(1);
        assertThat(count(store, "sm_pending_updates")).isEqualTo(1);
        assertThat(store.records().get("rec").orElseThrow().encryptedData()).isEqualTo(bytes("v1"));
        assertThat(pending.delete("rec")).isTrue();
        assertThat(pending.delete("rec")).isFalse();

        pending.put("rec", "app1", "client-1", 1, bytes("rotated-3"));
        new ApplicationRepository(store.transactions(), clock).delete("app1");
        assertThat(pending.get("rec")).isEmpty();
    }

    @Test
    default void subFoldersNestPlaceRecordsAndCascade() {
        Store store = contractStore();
        Clock clock = Clock.systemUTC();
        user(store, "owner");
        FolderRepository folders = new FolderRepository(store.transactions(), clock);
        SubFolderRepository subFolders = new SubFolderRepository(store.transactions(), clock);
        folders.insert("sf1", FolderKind.SHARED, "owner", Optional.empty(), bytes("sf-data"));
        folders.insert("sf2", FolderKind.SHARED, "owner", Optional.empty(), bytes("sf-data"));

        subFolders.insert("a", "sf1", Optional.empty(), bytes("key-a"), bytes("name-a"));
        subFolders.insert("b", "sf1", Optional.of("a"), bytes("key-b"), bytes("name-b"));
        subFolders.insert("c", "sf2", Optional.empty(), bytes("key-c"), bytes("name-c"));
        for (String taken : List.of("a", "sf1")) {
            assertThatThrownBy(() -> subFolders.insert(taken, "sf1", Optional.empty(), bytes("k"), bytes("n")))
                    .isInstanceOfSatisfying(StoreException.class,
                            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE));
        }
        assertThat(subFolders.listIn(List.of("sf1"))).extracting(SubFolder::uid).containsExactly("a", "b");
        assertThat(subFolders.listIn(List.of())).isEmpty();
        assertThat(subFolders.get("b").orElseThrow().parentUid()).contains("a");
        assertThat(subFolders.subtree("a")).containsExactlyInAnyOrder("a", "b");
        assertThat(subFolders.hasContent("a")).isTrue();
        assertThat(subFolders.hasContent("b")).isFalse();

        store.records().insert("r1", "owner", Optional.of("sf1"), bytes("d"));
        store.records().insert("r2", "owner", Optional.of("sf1"), bytes("d"));
        subFolders.place("r1", "b");
        subFolders.place("r2", "b");
        store.records().softDelete("r2", 1);
        assertThat(subFolders.hasContent("b")).isTrue();
        assertThat(subFolders.liveRecordsIn(subFolders.subtree("a"))).containsExactly("r1");
        assertThat(subFolders.placementOf("r1")).contains("b");
        assertThat(subFolders.placementsIn(List.of("sf1"))).containsExactly(Map.entry("r1", "b"), Map.entry("r2", "b"));
        assertThat(subFolders.placementsIn(List.of("sf2"))).isEmpty();
        store.records().insert("r3", "owner", Optional.of("sf1"), bytes("d"));
        subFolders.place("r3", "a");
        subFolders.place("r3", "b");
        assertThat(subFolders.placementOf("r3")).as("placing again moves, not duplicates").contains("b");
        assertThat(subFolders.unplace("r3")).isTrue();
        assertThat(subFolders.unplace("r3")).as("nothing left to take out").isFalse();
        assertThat(subFolders.placementOf("r3")).isEmpty();
        assertThat(subFolders.placementsIn(List.of("sf1"))).doesNotContainKey("r3");
        assertThat(subFolders.rename("b", bytes("renamed"))).isTrue();
        assertThat(subFolders.get("b").orElseThrow().encryptedData()).isEqualTo(bytes("renamed"));

        assertThat(subFolders.delete("a")).isTrue();
        assertThat(subFolders.get("b")).isEmpty();
        assertThat(count(store, "sm_record_subfolders")).isZero();
        assertThat(store.records().get("r1")).isPresent();
        folders.deleteEmpty("sf2");
        assertThat(subFolders.get("c")).isEmpty();
    }

    @Test
    default void anUploadTokenIsTakenOnceAndExpires() {
        Store store = contractStore();
        Clock clock = Clock.systemUTC();
        user(store, "owner");
        new ApplicationRepository(store.transactions(), clock).insert("app1", "owner", bytes("k"), bytes("d"));
        new DeviceRepository(store.transactions(), clock).insert("client-1", "app1", DeviceKind.DEVICE, "d",
                bytes("ak"), false, Optional.empty(), Optional.empty());
        store.records().insert("owner-rec", "owner", Optional.empty(), bytes("d"));
        FileUploadRepository uploads = new FileUploadRepository(store.transactions());
        FileUpload upload = new FileUpload("client-1", "app1", "owner-rec", 1, "file1", bytes("fk"), bytes("meta"),
                bytes("owner-data"), 1024, T0.plusSeconds(600), T0);
        uploads.insert(bytes("token-1"), upload);
        uploads.insert(bytes("token-2"), upload);
        uploads.insert(bytes("token-3"), upload);

        FileUpload taken = uploads.take(bytes("token-1"), T0.plusSeconds(10)).orElseThrow();
        assertThat(taken.fileUid()).isEqualTo("file1");
        assertThat(taken.ownerRecordData()).isEqualTo(bytes("owner-data"));
        assertThat(taken.maxSize()).isEqualTo(1024);
        assertThat(uploads.take(bytes("token-1"), T0.plusSeconds(10))).isEmpty();
        assertThat(uploads.take(bytes("token-2"), T0.plusSeconds(600))).as("expired").isEmpty();
        assertThat(uploads.take(bytes("token-2"), T0.plusSeconds(10))).as("and gone").isEmpty();
        assertThat(uploads.purgeExpired(T0.plusSeconds(600))).isEqualTo(1);
        assertThat(count(store, "sm_file_uploads")).isZero();

        uploads.insert(bytes("token-4"), upload);
        new DeviceRepository(store.transactions(), clock).delete("client-1");
        assertThat(uploads.take(bytes("token-4"), T0)).as("a removed device's tokens go with it").isEmpty();
    }
}
