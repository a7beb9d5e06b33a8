package io.castellan.cli.enterprise;

import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.client.api.EnterpriseUser;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code castellan enterprise-team add|list|add-user|remove-user}: teams (used for roles and administration). */
@Command(name = "enterprise-team",
        synopsisSubcommandLabel = "add|list|add-user|remove-user", description = "Manage teams (administrators only).",
        subcommands = {EnterpriseTeamCommand.Add.class, EnterpriseTeamCommand.ListTeams.class,
            EnterpriseTeamCommand.AddUser.class, EnterpriseTeamCommand.RemoveUser.class})
public final class EnterpriseTeamCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code enterprise-team add NAME}. */
    @Command(name = "add", description = "Create a team.")
    static final class Add extends CastellanSubcommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int execute() {
            String uid = context().client().enterprise().addTeam(name);
            Printer printer = printer();
            if (printer.json()) {
                printer.json(Printer.object().put("teamUid", uid).put("name", name));
            } else {
                printer.line(uid);
            }
            return 0;
        }
    }

    /**
     * {@code enterprise-team list}: the API has no team listing, so teams are gathered from the users' memberships
     * (a team without members does not appear).
     */
    @Command(name = "list",
            description = "List teams and their members (teams without members are not shown).")
    static final class ListTeams extends CastellanSubcommand {
        @Override
        protected int execute() {
            Map<String, TreeSet<String>> teams = new TreeMap<>();
            for (EnterpriseUser u : context().client().enterprise().listUsers()) {
                u.teams().forEach(t -> teams.computeIfAbsent(t, k -> new TreeSet<>()).add(u.email()));
            }
            Printer printer = printer();
            if (printer.json()) {
                var out = Printer.object().arrayNode();
                teams.forEach((team, members) -> {
                    var o = out.addObject().put("name", team);
                    members.forEach(o.putArray("members")::add);
                });
                printer.json(out);
            } else {
                printer.table(List.of("Team", "Members"), teams.entrySet().stream()
                        .map(e -> List.of(e.getKey(), String.join(", ", e.getValue()))).toList());
            }
            return 0;
        }
    }

    /** {@code enterprise-team add-user TEAM EMAIL}. */
    @Command(name = "add-user", description = "Add a user to a team.")
    static final class AddUser extends CastellanSubcommand {
        @Parameters(index = "0", paramLabel = "TEAM")
        String team;

        @Parameters(index = "1", paramLabel = "EMAIL")
        String email;

        @Override
        protected int execute() {
            context().client().enterprise().teamMember(team, email, false);
            printer().line("Added " + email + " to team " + team + ".");
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
}
