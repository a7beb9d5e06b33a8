package io.castellan.cli.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.client.api.WhoAmI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code castellan whoami}: who the stored session belongs to, their roles and effective enforcements. */
@Command(name = "whoami", description = "Show the logged-in user.")
public final class WhoamiCommand extends CastellanSubcommand {

    @Override
    protected int execute() {
        WhoAmI me = context().client().whoami();
        Printer printer = printer();
        String server = context().serverUrl();
        if (printer.json()) {
            ObjectNode out = Printer.object().put("email", me.email()).put("userUid", me.userUid())
                    .put("isAdmin", me.admin()).put("totpEnabled", me.totpEnabled()).put("server", server);
            me.roles().forEach(out.putArray("roles")::add);
            me.enforcements().forEach(out.putObject("enforcements")::put);
            printer.json(out);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>(List.of(
                List.of("Email", me.email()), List.of("User UID", me.userUid()),
                List.of("Administrator", me.admin() ? "yes" : "no"), List.of("TOTP", me.totpEnabled() ? "on" : "off"),
                List.of("Roles", String.join(", ", me.roles())), List.of("Server", server)));
        me.enforcements().forEach((policy, value) -> rows.add(List.of(policy, value)));
        printer.table(List.of("Field", "Value"), rows);
        return 0;
    }
}
