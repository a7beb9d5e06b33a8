package io.castellan.cli.enterprise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.client.api.EnterpriseApi;
import io.castellan.client.api.EnterpriseRole;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan enterprise-role ROLE [--add] [--enforcement "POLICY:VALUE"] [--add-user E] [--remove-user E]} and
 * {@code enterprise-role --list}, as in Commander. The actions run in that order; with none, the role is shown.
 */
@Command(name = "enterprise-role",
        description = {"Create roles, set their enforcement policies and members (administrators only).",
            "Example: castellan enterprise-role Rotators --add --enforcement \"ALLOW_PAM_ROTATION:True\""
                + " --add-user bob@example.com"})
public final class EnterpriseRoleCommand extends CastellanSubcommand {

    @Parameters(paramLabel = "ROLE", arity = "0..1", description = "The role's name.")
    String role;

    @Option(names = "--list", description = "List every role.")
    boolean list;

    @Option(names = "--add", description = "Create the role.")
    boolean add;

    @Option(names = "--enforcement", paramLabel = "POLICY:VALUE", description = "Set a policy (repeatable).")
    List<String> enforcements = new ArrayList<>();

    @Option(names = "--add-user", paramLabel = "EMAIL", description = "Add a member (repeatable).")
    List<String> addUsers = new ArrayList<>();

    @Option(names = "--remove-user", paramLabel = "EMAIL", description = "Remove a member (repeatable).")
    List<String> removeUsers = new ArrayList<>();

    @Override
    protected int execute() {
        if (list == (role != null)) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, list ? "--list takes no ROLE"
                    : "give a ROLE, or --list to see every role");
        }
        List<Enforcement> parsed = enforcements.stream().map(Enforcement::parse).toList();
        EnterpriseApi api = context().client().enterprise();
        Printer printer = printer();
        if (list) {
            show(api.listRoles(), printer);
            return 0;
        }
        boolean acted = add || !parsed.isEmpty() || !addUsers.isEmpty() || !removeUsers.isEmpty();
        if (add) {
            String uid = api.addRole(role);
            printer.note("Created role " + role + " (" + uid + ").");
        }
        for (Enforcement e : parsed) {
            api.roleEnforcement(role, e.policy(), e.value());
            printer.note("Set " + e.policy() + " = " + e.value() + " on role " + role + ".");
        }
        for (String email : addUsers) {
            api.roleMember(role, email, false);
            printer.note("Added " + email + " to role " + role + ".");
        }
        for (String email : removeUsers) {
            api.roleMember(role, email, true);
            printer.note("Removed " + email + " from role " + role + ".");
        }
        if (!acted || printer.json()) {
            List<EnterpriseRole> match = api.listRoles().stream().filter(r -> r.name().equals(role)).toList();
            if (match.isEmpty()) {
                throw new CastellanException(ErrorCode.NOT_FOUND, "no role named " + role);
            }
            show(match, printer);
        }
        return 0;
    }

    private static void show(List<EnterpriseRole> roles, Printer printer) {
        if (printer.json()) {
            ArrayNode out = Printer.object().arrayNode();
            for (EnterpriseRole r : roles) {
                var o = out.addObject().put("roleUid", r.roleUid()).put("name", r.name());
                r.enforcements().forEach(o.putObject("enforcements")::put);
                r.members().forEach(o.putArray("members")::add);
            }
            printer.json(out);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (EnterpriseRole r : roles) {
            List<String> policies = r.enforcements().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .toList();
            rows.add(List.of(r.name(), r.roleUid(), String.join(", ", policies), String.join(", ", r.members())));
        }
        printer.table(List.of("Role", "UID", "Enforcements", "Members"), rows);
    }
}
