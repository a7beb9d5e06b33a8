package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Roles, their enforcement policies and their members. A user is in a role directly ({@code member_kind = 'user'}) or
 * through a team that is ({@code 'team'}); {@link #rolesOfUser} and {@link #enforcementsOfUser} count both. Policy
 * names and values are stored as given: validating them is the caller's job.
 */
public final class RoleRepository {

    private static final String COLUMNS = "uid, name, created_at, updated_at";
    /** Roles of :user, directly or through a team. */
    private static final String ROLE_UIDS_OF_USER = "SELECT role_uid FROM role_members WHERE member_kind = 'user'"
            + " AND member_uid = :user UNION SELECT rm.role_uid FROM role_members rm JOIN team_members tm"
            + " ON rm.member_kind = 'team' AND rm.member_uid = tm.team_uid WHERE tm.user_uid = :user";

    private final Transactions tx;

    public RoleRepository(Transactions tx) {
        this.tx = tx;
    }

    /** @throws StoreException {@code DUPLICATE} when the UID or the name is taken */
    public Role create(String uid, String name, Instant now) {
        Instant at = Instant.ofEpochMilli(now.toEpochMilli());
        return tx.write(h -> {
            try {
                h.createUpdate("INSERT INTO roles (" + COLUMNS + ") VALUES (:uid, :name, :now, :now)")
                        .bind("uid", uid).bind("name", name).bind("now", at.toEpochMilli()).execute();
                return new Role(uid, name, at, at);
            } catch (RuntimeException e) {
                throw Groups.duplicateOr(tx, e, "role", name);
            }
        });
    }

    public Optional<Role> findByUid(String uid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM roles WHERE uid = :uid")
                .bind("uid", uid).map(RoleRepository::map).findOne());
    }

    public Optional<Role> findByName(String name) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM roles WHERE name = :name")
                .bind("name", name).map(RoleRepository::map).findOne());
    }

    /** Every role, by name. */
    public List<Role> list() {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM roles ORDER BY name")
                .map(RoleRepository::map).list());
    }

    /** Sets (inserts or replaces) one policy of a role. */
    public void setEnforcement(String roleUid, String policy, String value, Instant now) {
        tx.write(h -> {
            h.createUpdate("INSERT INTO role_enforcements (role_uid, policy, value) VALUES (:role, :policy, :value)"
                            + " ON CONFLICT (role_uid, policy) DO UPDATE SET value = excluded.value")
                    .bind("role", roleUid).bind("policy", policy).bind("value", value).execute();
            return h.createUpdate("UPDATE roles SET updated_at = :now WHERE uid = :role")
                    .bind("now", now.toEpochMilli()).bind("role", roleUid).execute();
        });
    }

    /** Every policy of every role, by role UID and policy. */
    public List<RoleEnforcement> enforcements() {
        return tx.read(h -> h.createQuery("SELECT role_uid, policy, value FROM role_enforcements"
                        + " ORDER BY role_uid, policy")
                .map(RoleRepository::mapEnforcement).list());
    }

    /** The policies of every role the user is in (directly or through a team). */
    public List<RoleEnforcement> enforcementsOfUser(String userUid) {
        return tx.read(h -> h.createQuery("SELECT role_uid, policy, value FROM role_enforcements WHERE role_uid IN ("
                        + ROLE_UIDS_OF_USER + ") ORDER BY role_uid, policy")
                .bind("user", userUid).map(RoleRepository::mapEnforcement).list());
    }

    /** The roles the user is in (directly or through a team), by name. */
    public List<Role> rolesOfUser(String userUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM roles WHERE uid IN (" + ROLE_UIDS_OF_USER
                        + ") ORDER BY name")
                .bind("user", userUid).map(RoleRepository::map).list());
    }

    /** Puts a user into a role; returns false when the user already was in it. */
    public boolean addUser(String roleUid, String userUid, Instant now) {
        return tx.write(h -> h.createUpdate("INSERT INTO role_members (role_uid, member_kind, member_uid, created_at)"
                        + " VALUES (:role, 'user', :user, :now) ON CONFLICT (role_uid, member_kind, member_uid)"
                        + " DO NOTHING")
                .bind("role", roleUid).bind("user", userUid).bind("now", now.toEpochMilli()).execute() == 1);
    }

    /** Takes a user out of a role; returns false when the user was not in it directly. */
    public boolean removeUser(String roleUid, String userUid) {
        return tx.write(h -> h.createUpdate("DELETE FROM role_members WHERE role_uid = :role AND member_kind = 'user'"
                        + " AND member_uid = :user")
                .bind("role", roleUid).bind("user", userUid).execute() == 1);
    }

    /** Every direct user membership of every role, by role name. */
    public List<Membership> userMemberships() {
        return tx.read(h -> h.createQuery("SELECT r.uid, r.name, m.member_uid FROM role_members m"
                        + " JOIN roles r ON r.uid = m.role_uid WHERE m.member_kind = 'user' ORDER BY r.name, m.member_uid")
                .map((rs, ctx) -> new Membership(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list());
    }

    private static Role map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Role(rs.getString("uid"), rs.getString("name"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    private static RoleEnforcement mapEnforcement(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RoleEnforcement(rs.getString("role_uid"), rs.getString("policy"), rs.getString("value"));
    }
}
