package io.castellan.cli.enterprise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.client.api.EnterpriseUser;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code castellan enterprise-user add|disable|list [EMAIL]}: invite, disable and list users. */
@Command(name = "enterprise-user", synopsisSubcommandLabel = "add|disable|list",
        description = "Manage users (administrators only).",
        subcommands = {EnterpriseUserCommand.Add.class, EnterpriseUserCommand.Disable.class,
            EnterpriseUserCommand.ListUsers.class})
public final class EnterpriseUserCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code enterprise-user add EMAIL}: invites a user and prints the invitation code. */
    @Command(name = "add",
            description = "Invite a user; prints the code they pass to 'castellan register'.")
    static final class Add extends CastellanSubcommand {
        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        protected int execute() {
            String code = context().client().enterprise().addUser(email);
            Printer printer = printer();
            if (printer.json()) {
                printer.json(Printer.object().put("email", email).put("inviteCode", code));
            } else {
                printer.line(code);
                printer.note("Invited " + email + "; they join with: castellan register " + email + " --invite CODE");
            }
            return 0;
        }
    }

    /** {@code enterprise-user disable EMAIL}: disables a user and ends their sessions. */
    @Command(name = "disable",
            description = "Disable a user; all their sessions end.")
    static final class Disable extends CastellanSubcommand {
        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        protected int execute() {
            context().client().enterprise().disableUser(email);
            printer().line("Disabled " + email + ".");
            return 0;
        }
    }

    /** {@code enterprise-user list}. */
    @Command(name = "list", description = "List users.")
    static final class ListUsers extends CastellanSubcommand {
        @Override
        protected int execute() {
            List<EnterpriseUser> users = context().client().enterprise().listUsers();
            Printer printer = printer();
            if (printer.json()) {
                ArrayNode out = Printer.object().arrayNode();
                for (EnterpriseUser u : users) {
                    var o = out.addObject().put("userUid", u.userUid()).put("email", u.email())
                            .put("status", u.status()).put("isAdmin", u.admin());
                    u.roles().forEach(o.putArray("roles")::add);
                    u.teams().forEach(o.putArray("teams")::add);
                }
                printer.json(out);
            } else {
                printer.table(List.of("Email", "UID", "Status", "Admin", "Roles", "Teams"), users.stream()
                        .map(u -> List.of(u.email(), u.userUid(), u.status() == null ? "" : u.status(),
                                u.admin() ? "yes" : "", String.join(", ", u.roles()), String.join(", ", u.teams())))
                        .toList());
            }
            return 0;
        }
    }
}
