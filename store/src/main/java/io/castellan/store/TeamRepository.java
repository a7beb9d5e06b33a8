package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Teams and their members. Team names are unique (exactly as written).
 *
 * <p>Team keys (for sharing folders with a team) are made by clients: the key pair ({@link TeamKeyPair}), each
 * member's copy of the team key ({@code team_members.encrypted_team_key}, NULL while the membership is pending) and
 * administrators' copies ({@code team_admin_keys}, which give no vault access). All are opaque bytes here.
 */
public final class TeamRepository {

    private static final String COLUMNS = "uid, name, created_at, updated_at";

    private final Transactions tx;

    public TeamRepository(Transactions tx) {
        this.tx = tx;
    }

    /** @throws StoreException {@code DUPLICATE} when the UID or the name is taken */
    public Team create(String uid, String name, Instant now) {
        Instant at = Instant.ofEpochMilli(now.toEpochMilli());
        return tx.write(h -> {
            try {
                h.createUpdate("INSERT INTO teams (" + COLUMNS + ") VALUES (:uid, :name, :now, :now)")
                        .bind("uid", uid)
                        .bind("name", name)
                        .bind("now", at.toEpochMilli())
                        .execute();
                return new Team(uid, name, at, at);
            } catch (RuntimeException e) {
                throw Groups.duplicateOr(tx, e, "team", name);
            }
        });
    }

    public Optional<Team> findByUid(String uid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM teams WHERE uid = :uid")
                .bind("uid", uid).map(TeamRepository::map).findOne());
    }

    public Optional<Team> findByName(String name) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM teams WHERE name = :name")
                .bind("name", name).map(TeamRepository::map).findOne());
    }

    /** Every team, by name. */
    public List<Team> list() {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM teams ORDER BY name")
                .map(TeamRepository::map).list());
    }

    /** Adds a user to a team (pending: without the team key); returns false when the user already was a member. */
    public boolean addMember(String teamUid, String userUid, Instant now) {
        return addMember(teamUid, userUid, null, now);
    }

    /**
     * Adds a user to a team with the team key sealed to them, or pending when {@code encryptedTeamKey} is null;
     * returns false (and changes nothing) when the user already was a member.
     */
    public boolean addMember(String teamUid, String userUid, byte[] encryptedTeamKey, Instant now) {
        return tx.write(h -> h.createUpdate("INSERT INTO team_members (team_uid, user_uid, encrypted_team_key,"
                        + " created_at) VALUES (:team, :user, :key, :now) ON CONFLICT (team_uid, user_uid) DO NOTHING")
                .bind("team", teamUid)
                .bind("user", userUid)
                .bind("key", encryptedTeamKey)
                .bind("now", now.toEpochMilli())
                .execute() == 1);
    }

    /** Gives a member their copy of the team key (completing a pending membership); false when not a member. */
    public boolean setMemberKey(String teamUid, String userUid, byte[] encryptedTeamKey) {
        return tx.write(h -> h.createUpdate("UPDATE team_members SET encrypted_team_key = :key"
                        + " WHERE team_uid = :team AND user_uid = :user")
                .bind("key", encryptedTeamKey)
                .bind("team", teamUid)
                .bind("user", userUid)
                .execute() == 1);
    }

    /** Stores the team's key pair once; returns false (changing nothing) when the team already has one. */
    public boolean setKeyPair(String teamUid, TeamKeyPair keys, Instant now) {
        return tx.write(h -> h.createUpdate("UPDATE teams SET public_key = :pub, encrypted_private_key = :priv,"
                        + " updated_at = :now WHERE uid = :team AND public_key IS NULL")
                .bind("pub", keys.publicKey())
                .bind("priv", keys.encryptedPrivateKey())
                .bind("now", now.toEpochMilli())
                .bind("team", teamUid)
                .execute() == 1);
    }

    /** The team's key pair, or empty while the team has none. */
    public Optional<TeamKeyPair> keyPair(String teamUid) {
        return tx.read(h -> h.createQuery("SELECT public_key, encrypted_private_key FROM teams WHERE uid = :team"
                        + " AND public_key IS NOT NULL")
                .bind("team", teamUid)
                .map((rs, ctx) -> new TeamKeyPair(rs.getBytes(1), rs.getBytes(2)))
                .findOne());
    }

    /** Stores (or replaces) an administrator's copy of the team key. */
    public void putAdminKey(String teamUid, String adminUid, byte[] encryptedTeamKey, Instant now) {
        tx.write(h -> h.createUpdate("INSERT INTO team_admin_keys (team_uid, user_uid, encrypted_team_key, created_at)"
                        + " VALUES (:team, :user, :key, :now) ON CONFLICT (team_uid, user_uid) DO UPDATE"
                        + " SET encrypted_team_key = excluded.encrypted_team_key")
                .bind("team", teamUid)
                .bind("user", adminUid)
                .bind("key", encryptedTeamKey)
                .bind("now", now.toEpochMilli())
                .execute());
    }

    /** An administrator's copy of the team key, if they hold one. */
    public Optional<byte[]> adminKey(String teamUid, String adminUid) {
        return tx.read(h -> h.createQuery("SELECT encrypted_team_key FROM team_admin_keys WHERE team_uid = :team"
                        + " AND user_uid = :user")
                .bind("team", teamUid)
                .bind("user", adminUid)
                .mapTo(byte[].class)
                .findOne());
    }

    /** The teams whose key {@code userUid} holds as a member, with what opens them, by team UID. */
    public List<TeamKeyGrant> keysOf(String userUid) {
        return tx.read(h -> h.createQuery("SELECT t.uid, t.name, t.public_key, t.encrypted_private_key,"
                        + " m.encrypted_team_key FROM team_members m JOIN teams t ON t.uid = m.team_uid"
                        + " WHERE m.user_uid = :user AND m.encrypted_team_key IS NOT NULL"
                        + " AND t.public_key IS NOT NULL ORDER BY t.uid")
                .bind("user", userUid)
                .map((rs, ctx) -> new TeamKeyGrant(rs.getString(1), rs.getString(2),
                        new TeamKeyPair(rs.getBytes(3), rs.getBytes(4)), rs.getBytes(5)))
                .list());
    }

    /**
     * Every membership still waiting for the team key, by team name and e-mail; the user's public key is null while
     * the user has no keys (invited), and such a membership cannot be completed yet.
     */
    public List<PendingTeamMember> pending() {
        return tx.read(h -> h.createQuery("SELECT t.uid, t.name, u.uid, u.email, u.public_key FROM team_members m"
                        + " JOIN teams t ON t.uid = m.team_uid JOIN users u ON u.uid = m.user_uid"
                        + " WHERE m.encrypted_team_key IS NULL ORDER BY t.name, u.email")
                .map((rs, ctx) -> new PendingTeamMember(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getBytes(5)))
                .list());
    }

    /** Renames a team; false when there is no such team. @throws StoreException {@code DUPLICATE} for a taken name */
    public boolean rename(String teamUid, String name, Instant now) {
        return tx.write(h -> {
            try {
                return h.createUpdate("UPDATE teams SET name = :name, updated_at = :now WHERE uid = :team")
                        .bind("name", name)
                        .bind("now", now.toEpochMilli())
                        .bind("team", teamUid)
                        .execute() == 1;
            } catch (RuntimeException e) {
                throw Groups.duplicateOr(tx, e, "team", name);
            }
        });
    }

    /**
     * Deletes a team with everything that names it: memberships, administrators' key copies, its shared-folder
     * memberships and role memberships. Returns false when there was no such team.
     */
    public boolean delete(String teamUid) {
        return tx.write(h -> {
            h.createUpdate("DELETE FROM folder_keys WHERE member_kind = 'team' AND member_uid = :team")
                    .bind("team", teamUid).execute();
            h.createUpdate("DELETE FROM role_members WHERE member_kind = 'team' AND member_uid = :team")
                    .bind("team", teamUid).execute();
            h.createUpdate("DELETE FROM team_members WHERE team_uid = :team").bind("team", teamUid).execute();
            h.createUpdate("DELETE FROM team_admin_keys WHERE team_uid = :team").bind("team", teamUid).execute();
            return h.createUpdate("DELETE FROM teams WHERE uid = :team").bind("team", teamUid).execute() == 1;
        });
    }

    /** Removes a user from a team; returns false when the user was not a member. */
    public boolean removeMember(String teamUid, String userUid) {
        return tx.write(h -> h.createUpdate("DELETE FROM team_members WHERE team_uid = :team AND user_uid = :user")
                .bind("team", teamUid)
                .bind("user", userUid)
                .execute() == 1);
    }

    /** UIDs of a team's members, sorted. */
    public List<String> members(String teamUid) {
        return tx.read(h -> h.createQuery("SELECT user_uid FROM team_members WHERE team_uid = :team ORDER BY user_uid")
                .bind("team", teamUid).mapTo(String.class).list());
    }

    /** Every team membership of every user, by team name. */
    public List<Membership> memberships() {
        return tx.read(h -> h.createQuery("SELECT t.uid, t.name, m.user_uid FROM team_members m"
                        + " JOIN teams t ON t.uid = m.team_uid ORDER BY t.name, m.user_uid")
                .map((rs, ctx) -> new Membership(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list());
    }

    private static Team map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Team(rs.getString("uid"), rs.getString("name"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
