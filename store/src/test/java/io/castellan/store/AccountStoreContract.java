package io.castellan.store;

import static io.castellan.store.AbstractStoreContractTest.bytes;
import static io.castellan.store.AbstractStoreContractTest.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The contract of the account-side repositories (sessions, replay guard, login throttle, teams, roles, invitations,
 * TOTP), mixed into {@link AbstractStoreContractTest} so it runs on SQLite and PostgreSQL alike.
 */
interface AccountStoreContract {

    Instant T0 = Instant.ofEpochMilli(1_800_000_000_000L);

    /** A fresh, migrated store for one test. */
    Store contractStore();

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static User user(Store store, String uid, UserStatus status) {
        return store.users().create(uid, uid + "@example.com", status, false,
                status == UserStatus.INVITED ? null : keys(uid));
    }

    @Test
    default void sessionsAreFoundByTokenHashTouchedAndRevoked() {
        Store store = contractStore();
        user(store, "u1", UserStatus.ACTIVE);
        SessionRepository sessions = new SessionRepository(store.transactions());
        sessions.create("s1", bytes("hash-1"), "u1", bytes("session-key-1"), at(0), at(3600));
        sessions.create("s2", bytes("hash-2"), "u1", bytes("session-key-2"), at(0), at(3600));

        StoredSession s1 = sessions.findByTokenHash(bytes("hash-1")).orElseThrow();
        assertThat(s1.uid()).isEqualTo("s1");
        assertThat(s1.userUid()).isEqualTo("u1");
        assertThat(s1.sessionKey()).isEqualTo(bytes("session-key-1"));
        assertThat(s1.lastSeenAt()).isEqualTo(at(0));
        assertThat(s1.expiresAt()).isEqualTo(at(3600));
        assertThat(s1.revoked()).isFalse();
        assertThat(s1.toString()).doesNotContain("session-key");
        assertThat(sessions.findByTokenHash(bytes("hash-3"))).isEmpty();

        sessions.touch("s1", at(60));
        sessions.touch("s1", at(30));
        assertThat(sessions.findByUid("s1").orElseThrow().lastSeenAt()).isEqualTo(at(60));

        assertThat(sessions.revoke("s1")).isTrue();
        assertThat(sessions.revoke("s1")).isFalse();
        assertThat(sessions.countLive("u1", at(61))).isEqualTo(1);
        assertThat(sessions.revokeAllOf("u1")).isEqualTo(1);
        assertThat(sessions.findByTokenHash(bytes("hash-2")).orElseThrow().revoked()).isTrue();
        assertThat(sessions.countLive("u1", at(61))).isZero();

        sessions.create("s3", bytes("hash-3"), "u1", bytes("k3"), at(0), at(7200));
        assertThat(sessions.purgeEndedBefore(at(3700))).isEqualTo(2);
        assertThat(sessions.findByUid("s3")).isPresent();
    }

    @Test
    default void aTransmissionKeyHashIsAcceptedOnceUntilItIsPurged() {
        Store store = contractStore();
        UsedTransmissionKeyRepository used = new UsedTransmissionKeyRepository(store.transactions());

        assertThat(used.markUsed(bytes("tk-1"), at(600))).isTrue();
        assertThat(used.markUsed(bytes("tk-1"), at(600))).isFalse();
        assertThat(used.markUsed(bytes("tk-2"), at(900))).isTrue();

        assertThat(used.purgeExpired(at(700))).isEqualTo(1);
        assertThat(used.markUsed(bytes("tk-2"), at(900))).isFalse();
        assertThat(used.markUsed(bytes("tk-1"), at(1300))).isTrue();
    }

    @Test
    default void loginFailuresCountBlockLockAndAreForgotten() throws Exception {
        Store store = contractStore();
        LoginThrottleRepository throttle = new LoginThrottleRepository(store.transactions());

        assertThat(throttle.find("acct")).isEmpty();
        assertThat(throttle.recordFailure("acct", at(0), Instant.EPOCH).failures()).isEqualTo(1);
        LoginThrottleState second = throttle.recordFailure("acct", at(5), Instant.EPOCH);
        assertThat(second.failures()).isEqualTo(2);
        assertThat(second.lastFailureAt()).isEqualTo(at(5));
        assertThat(second.locked()).isFalse();

        throttle.block("acct", at(7), false);
        assertThat(throttle.find("acct").orElseThrow().blockedUntil()).isEqualTo(at(7));
        throttle.block("acct", at(9), true);
        throttle.block("acct", at(11), false);
        LoginThrottleState locked = throttle.find("acct").orElseThrow();
        assertThat(locked.locked()).as("a lock stays until cleared").isTrue();
        assertThat(locked.blockedUntil()).isEqualTo(at(11));

        throttle.recordFailure("ip", at(0), Instant.EPOCH);
        throttle.recordFailure("ip", at(10), Instant.EPOCH);
        assertThat(throttle.recordFailure("ip", at(4000), at(4000 - 3600)).failures())
                .as("a count whose last failure is older than forgetBefore restarts").isEqualTo(1);

        AbstractStoreContractTest.runConcurrently(4, t -> {
            for (int i = 0; i < 10; i++) {
                throttle.recordFailure("busy", at(i), Instant.EPOCH);
            }
            return null;
        });
        assertThat(throttle.find("busy").orElseThrow().failures()).isEqualTo(40);

        assertThat(throttle.purgeIdle(at(5000))).as("unlocked idle rows only").isEqualTo(2);
        assertThat(throttle.find("acct")).isPresent();
        assertThat(throttle.clear("acct")).isTrue();
        assertThat(throttle.find("acct")).isEmpty();
        assertThat(throttle.clear("acct")).isFalse();
    }

    @Test
    default void teamsHaveUniqueNamesAndMembers() {
        Store store = contractStore();
        user(store, "u1", UserStatus.ACTIVE);
        user(store, "u2", UserStatus.ACTIVE);
        TeamRepository teams = new TeamRepository(store.transactions());

        Team ops = teams.create("t1", "Ops", at(0));
        teams.create("t2", "Dev", at(0));
        assertThatThrownBy(() -> teams.create("t3", "Ops", at(1)))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE))
                .hasMessageContaining("team named 'Ops'");
        assertThat(teams.findByUid("t1")).contains(ops);
        assertThat(teams.findByName("Ops")).contains(ops);
        assertThat(teams.findByName("ops")).isEmpty();
        assertThat(teams.list()).extracting(Team::name).containsExactly("Dev", "Ops");

        assertThat(teams.addMember("t1", "u1", at(2))).isTrue();
        assertThat(teams.addMember("t1", "u1", at(3))).isFalse();
        assertThat(teams.addMember("t1", "u2", at(3))).isTrue();
        assertThat(teams.addMember("t2", "u2", at(3))).isTrue();
        assertThat(teams.members("t1")).containsExactly("u1", "u2");
        assertThat(teams.memberships()).containsExactly(new Membership("t2", "Dev", "u2"),
                new Membership("t1", "Ops", "u1"), new Membership("t1", "Ops", "u2"));
        assertThat(teams.removeMember("t1", "u1")).isTrue();
        assertThat(teams.removeMember("t1", "u1")).isFalse();
        assertThat(teams.members("t1")).containsExactly("u2");
    }

    @Test
    default void rolesCarryEnforcementsForDirectAndTeamMembers() {
        Store store = contractStore();
        user(store, "u1", UserStatus.ACTIVE);
        user(store, "u2", UserStatus.ACTIVE);
        TeamRepository teams = new TeamRepository(store.transactions());
        RoleRepository roles = new RoleRepository(store.transactions());
        teams.create("t1", "Ops", at(0));
        teams.addMember("t1", "u2", at(0));
        roles.create("r1", "Rotators", at(0));
        roles.create("r2", "Auditors", at(0));
        assertThatThrownBy(() -> roles.create("r3", "Auditors", at(0)))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE));

        roles.setEnforcement("r1", "ALLOW_PAM_ROTATION", "False", at(1));
        roles.setEnforcement("r1", "ALLOW_PAM_ROTATION", "True", at(2));
        roles.setEnforcement("r2", "ALLOW_VIEW_KCM_RECORDINGS", "True", at(2));
        assertThat(roles.findByUid("r1").orElseThrow().updatedAt()).isEqualTo(at(2));
        assertThat(roles.enforcements()).containsExactly(new RoleEnforcement("r1", "ALLOW_PAM_ROTATION", "True"),
                new RoleEnforcement("r2", "ALLOW_VIEW_KCM_RECORDINGS", "True"));

        assertThat(roles.addUser("r1", "u1", at(3))).isTrue();
        assertThat(roles.addUser("r1", "u1", at(3))).isFalse();
        store.write(h -> h.execute("INSERT INTO role_members (role_uid, member_kind, member_uid, created_at)"
                + " VALUES ('r2', 'team', 't1', 0)"));
        assertThat(roles.rolesOfUser("u1")).extracting(Role::name).containsExactly("Rotators");
        assertThat(roles.rolesOfUser("u2")).extracting(Role::name).as("through team Ops").containsExactly("Auditors");
        assertThat(roles.enforcementsOfUser("u2"))
                .containsExactly(new RoleEnforcement("r2", "ALLOW_VIEW_KCM_RECORDINGS", "True"));
        assertThat(roles.userMemberships()).containsExactly(new Membership("r1", "Rotators", "u1"));

        assertThat(roles.removeUser("r1", "u1")).isTrue();
        assertThat(roles.removeUser("r1", "u1")).isFalse();
        assertThat(roles.rolesOfUser("u1")).isEmpty();
        assertThat(roles.enforcementsOfUser("u1")).isEmpty();
    }

    @Test
    default void anInvitationIsAcceptedOnceWithItsCodeBeforeItExpires() {
        Store store = contractStore();
        user(store, "u1", UserStatus.INVITED);
        user(store, "u2", UserStatus.ACTIVE);
        InviteRepository invites = new InviteRepository(store.transactions());
        invites.set("u1", bytes("code-hash"), at(100), at(0));

        UserInvite invite = invites.find("u1").orElseThrow();
        assertThat(invite.codeHash()).isEqualTo(bytes("code-hash"));
        assertThat(invite.expiresAt()).isEqualTo(at(100));
        assertThat(invites.find("u2")).isEmpty();
        assertThatThrownBy(() -> invites.set("u2", bytes("x"), at(100), at(0)))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));

        assertThat(invites.accept("u1", bytes("other-hash"), keys("u1"), at(10))).isFalse();
        assertThat(invites.accept("u1", bytes("code-hash"), keys("u1"), at(100))).as("expired").isFalse();
        assertThat(store.users().findByUid("u1").orElseThrow().status()).isEqualTo(UserStatus.INVITED);

        assertThat(invites.accept("u1", bytes("code-hash"), keys("u1"), at(99))).isTrue();
        User accepted = store.users().findByUid("u1").orElseThrow();
        assertThat(accepted.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(accepted.keys().orElseThrow().encryptedDataKey()).isEqualTo(bytes("u1-dk"));
        assertThat(invites.find("u1")).isEmpty();
        assertThat(invites.accept("u1", bytes("code-hash"), keys("u1"), at(99))).as("single use").isFalse();
    }

    @Test
    default void totpIsConfirmedFromThePendingSeedAndEachStepIsUsedOnce() {
        Store store = contractStore();
        user(store, "u1", UserStatus.ACTIVE);
        TotpRepository totp = new TotpRepository(store.transactions());
        assertThat(totp.find("u1").orElseThrow().enabled()).isFalse();
        assertThat(totp.find("nobody")).isEmpty();

        totp.setPending("u1", bytes("sealed-seed-1"));
        totp.setPending("u1", bytes("sealed-seed-2"));
        assertThat(totp.find("u1").orElseThrow().pendingEncrypted()).hasValue(bytes("sealed-seed-2"));
        assertThat(totp.confirm("u1", bytes("sealed-seed-1"), 100)).as("a replaced seed").isFalse();
        assertThat(totp.confirm("u1", bytes("sealed-seed-2"), 100)).isTrue();

        TotpState state = totp.find("u1").orElseThrow();
        assertThat(state.enabled()).isTrue();
        assertThat(state.secretEncrypted()).hasValue(bytes("sealed-seed-2"));
        assertThat(state.pendingEncrypted()).isEmpty();
        assertThat(state.lastStep()).isEqualTo(OptionalLong.of(100));
        assertThat(store.users().findByUid("u1").orElseThrow().totpSecretEncrypted()).hasValue(bytes("sealed-seed-2"));

        assertThat(totp.useStep("u1", 100)).isFalse();
        assertThat(totp.useStep("u1", 99)).isFalse();
        assertThat(totp.useStep("u1", 101)).isTrue();
        assertThat(totp.useStep("u1", 101)).isFalse();
    }

    @Test
    default void usersAreListedAndAdministratorsDetected() {
        Store store = contractStore();
        assertThat(store.users().anyAdmin()).isFalse();
        store.users().create("u2", "zed@example.com", UserStatus.ACTIVE, false, keys("z"));
        store.users().create("u1", "amy@example.com", UserStatus.DISABLED, true, keys("a"));

        assertThat(store.users().list()).extracting(User::email).containsExactly("amy@example.com", "zed@example.com");
        assertThat(store.users().anyAdmin()).isTrue();
    }

    @Test
    default void aSettingIsInitialisedOnceEvenWhenNodesRace() throws Exception {
        Store store = contractStore();

        List<String> seen = AbstractStoreContractTest.runConcurrently(4,
                t -> store.settings().putIfAbsent("auth.secret", "value-" + t));

        assertThat(seen).hasSize(4).containsOnly(seen.get(0));
        assertThat(store.settings().get("auth.secret")).contains(seen.get(0));
    }
}
