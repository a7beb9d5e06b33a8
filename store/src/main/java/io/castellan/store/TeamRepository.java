package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Teams and their members. Team names are unique (exactly as written). Team key pairs (for sharing folders to a
 * team) are not handled yet: their columns stay empty.
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

    /** Adds a user to a team; returns false when the user already was a member. */
    public boolean addMember(String teamUid, String userUid, Instant now) {
        return tx.write(h -> h.createUpdate("INSERT INTO team_members (team_uid, user_uid, encrypted_team_key,"
                        + " created_at) VALUES (:team, :user, NULL, :now) ON CONFLICT (team_uid, user_uid) DO NOTHING")
                .bind("team", teamUid)
                .bind("user", userUid)
                .bind("now", now.toEpochMilli())
                .execute() == 1);
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
