-- Castellan schema, version 5 — PostgreSQL: team keys for sharing folders with teams.
-- The same logical schema as ../sqlite/V5__team_keys.sql; only the types differ. Keep the two in step.
--
-- V1 already holds what a team member needs: teams.public_key (raw P-256 point), teams.encrypted_private_key
-- (AES-GCM(teamKey, PKCS#8)), team_members.encrypted_team_key (the team key sealed by ECIES to the member; NULL while
-- the membership is pending) and folder_keys rows of member_kind 'team' (the folder key sealed to the team's public
-- key). All of it is made by clients; the server never holds the team key or the team's private key.

-- An administrator's copy of a team key (ECIES to the administrator's public key). It gives no vault access (an
-- administrator who is not a member sees none of the team's folders); it lets that administrator's client seal the
-- team key to members added later (pending memberships), as Keeper's admin console does.
CREATE TABLE team_admin_keys (
    team_uid           TEXT    NOT NULL REFERENCES teams (uid) ON DELETE CASCADE,
    user_uid           TEXT    NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
    encrypted_team_key BYTEA    NOT NULL,
    created_at         BIGINT  NOT NULL,
    PRIMARY KEY (team_uid, user_uid)
);
CREATE INDEX team_admin_keys_user ON team_admin_keys (user_uid);
