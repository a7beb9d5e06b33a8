package io.castellan.cli.enterprise;

import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.api.EnterpriseTeam;
import io.castellan.client.api.TeamAdminApi;
import io.castellan.client.keys.UserKeyring;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code castellan enterprise-team add|list|edit|remove|add-user|remove-user|approve}: teams. Team keys are made and
 * sealed here, on the administrator's machine: {@code add} creates the team's key pair and keeps the administrator a
 * copy of the team key; {@code add-user} seals the team key to the new member when this administrator holds it (else
 * the member is pending); {@code approve} completes pending members and gives keys to teams made without.
 */
@Command(name = "enterprise-team",
        synopsisSubcommandLabel = "add|list|edit|remove|add-user|remove-user|approve",
        description = "Manage teams (administrators only).",
        subcommands = {EnterpriseTeamCommand.Add.class, EnterpriseTeamCommand.ListTeams.class,
            EnterpriseTeamCommand.Edit.class, EnterpriseTeamCommand.Remove.class, EnterpriseTeamCommand.AddUser.class,
            EnterpriseTeamCommand.RemoveUser.class, EnterpriseTeamCommand.Approve.class})
public final class EnterpriseTeamCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Base of the subcommands that need the administrator's unlocked keys. */
    abstract static class WithKeys extends CastellanSubcommand {
        <T> T withTeamKeys(Function<TeamAdminApi, T> action) {
            VaultClient client = context().client();
            try (UserKeyring keyring = client.session().unlock(client.config())) {
                return action.apply(client.teamAdmin(keyring));
            }
        }
    }

    /** {@code enterprise-team add NAME}. */
    @Command(name = "add", description = "Create a team (with its key pair; you keep a copy of the team key).")
    static final class Add extends WithKeys {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int execute() {
            String uid = withTeamKeys(api -> api.addTeam(name));
            Printer printer = printer();
            if (printer.json()) {
                printer.json(Printer.object().put("teamUid", uid).put("name", name));
            } else {
                printer.line(uid);
            }
            return 0;
        }
    }

    /** {@code enterprise-team list}: every team, its members, who is pending, and whether you hold its key. */
    @Command(name = "list", description = "List teams, their members (pending ones marked) and whether you hold"
            + " each team's key.")
    static final class ListTeams extends CastellanSubcommand {
        @Override
        protected int execute() {
            VaultClient client = context().client();
            List<EnterpriseTeam> teams;
            try (UserKeyring keyring = client.session().unlock(client.config())) {
                teams = client.teamAdmin(keyring).listTeams();
            }
            Printer printer = printer();
            if (printer.json()) {
                var out = Printer.object().arrayNode();
                for (EnterpriseTeam t : teams) {
                    var o = out.addObject().put("teamUid", t.teamUid()).put("name", t.name())
                            .put("keys", t.hasKeys()).put("youHoldKey", t.adminTeamKey() != null);
                    var members = o.putArray("members");
                    t.members().forEach(m -> members.addObject().put("email", m.email()).put("pending", m.pending()));
                }
                printer.json(out);
            } else {
                printer.table(List.of("Team", "UID", "Keys", "Members"), teams.stream().map(t -> List.of(t.name(),
                        t.teamUid(), !t.hasKeys() ? "none" : t.adminTeamKey() != null ? "yours" : "set",
                        String.join(", ", t.members().stream()
                                .map(m -> m.pending() ? m.email() + " (pending)" : m.email()).toList()))).toList());
            }
            return 0;
        }
    }

    /** {@code enterprise-team edit TEAM --name NEW}. */
    @Command(name = "edit", description = "Rename a team.")
    static final class Edit extends CastellanSubcommand {
        @Parameters(paramLabel = "TEAM")
        String team;

        @Option(names = "--name", required = true, paramLabel = "NEW", description = "The new name.")
        String name;

        @Override
        protected int execute() {
            context().client().enterprise().renameTeam(team, name);
            printer().line("Renamed team " + team + " to " + name + ".");
            return 0;
        }
    }

    /** {@code enterprise-team remove TEAM}. */
    @Command(name = "remove", description = "Delete a team; its members lose the folders shared with it at once.")
    static final class Remove extends CastellanSubcommand {
        @Parameters(paramLabel = "TEAM")
        String team;

        @Override
        protected int execute() {
            context().client().enterprise().removeTeam(team);
            printer().line("Removed team " + team + ".");
            return 0;
        }
    }

    /** {@code enterprise-team add-user TEAM EMAIL}. */
    @Command(name = "add-user", description = "Add a user to a team (sealing the team key to them if you hold it).")
    static final class AddUser extends WithKeys {
        @Parameters(index = "0", paramLabel = "TEAM")
        String team;

        @Parameters(index = "1", paramLabel = "EMAIL")
        String email;

        @Override
        protected int execute() {
            boolean keyed = withTeamKeys(api -> api.addMember(team, email));
            printer().line("Added " + email + " to team " + team + ".");
            if (!keyed) {
                printer().warn(email + " is pending: an administrator who holds the team's key must run"
                        + " 'enterprise-team approve' before they see the team's folders.");
            }
            return 0;
        }
    }

    /** {@code enterprise-team remove-user TEAM EMAIL}. */
    @Command(name = "remove-user", description = "Remove a user from a team.")
    static final class RemoveUser extends CastellanSubcommand {
        @Parameters(index = "0", paramLabel = "TEAM")
        String team;

        @Parameters(index = "1", paramLabel = "EMAIL")
        String email;

        @Override
        protected int execute() {
            context().client().enterprise().teamMember(team, email, true);
            printer().line("Removed " + email + " from team " + team + ".");
            return 0;
        }
    }

    /** {@code enterprise-team approve}: Keeper's {@code team-approve} for queued team members. */
    @Command(name = "approve", description = "Give keys to teams without them and seal the team key to pending"
            + " members of the teams whose key you hold.")
    static final class Approve extends WithKeys {
        @Override
        protected int execute() {
            TeamAdminApi.Approval done = withTeamKeys(TeamAdminApi::approve);
            Printer printer = printer();
            if (printer.json()) {
                var o = Printer.object();
                done.teamsKeyed().forEach(o.putArray("teamsKeyed")::add);
                done.membersCompleted().forEach(o.putArray("membersCompleted")::add);
                done.skipped().forEach(o.putArray("skipped")::add);
                printer.json(o);
            } else {
                done.teamsKeyed().forEach(t -> printer.line("Created keys for team " + t + "."));
                done.membersCompleted().forEach(m -> printer.line("Approved " + m + "."));
                done.skipped().forEach(printer::warn);
                if (done.teamsKeyed().isEmpty() && done.membersCompleted().isEmpty()) {
                    printer.line("Nothing to approve.");
                }
            }
            return 0;
        }
    }
}
