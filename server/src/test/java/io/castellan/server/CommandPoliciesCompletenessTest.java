package io.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.server.access.AccessRevocation;
import io.castellan.server.access.CommandPolicies;
import io.castellan.server.access.CommandPolicy;
import io.castellan.server.access.PolicyGuard;
import io.castellan.server.api.ApiRegistry;
import io.castellan.server.api.CommandTable;
import io.castellan.server.api.Responses;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@link CommandPolicies} complete: every command a real server registers that is a PAM, Secrets Manager,
 * gateway or tunnel command has a row; every row of a built command names a registered command; and a new governed
 * command without a row cannot even be registered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandPoliciesCompletenessTest {

    @TempDir
    Path dataDir;
    private ApiTestServer api;

    @BeforeEach
    void start() throws Exception {
        api = ApiTestServer.start(dataDir, b -> b);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void everyRegisteredGovernedCommandHasARow() {
        Set<String> registered = api.server.commandNames();
        assertThat(registered).as("the server registered its commands").contains("app_create", "pam_config_edit",
                "tunnel_open", "gateway_add", "record_add");
        List<String> governed = registered.stream().filter(CommandPolicies::isGoverned).sorted().toList();
        assertThat(governed).hasSizeGreaterThanOrEqualTo(25);
        for (String command : governed) {
            assertThat(CommandPolicies.of(command)).as("a CommandPolicies row for %s", command).isPresent();
        }
    }

    @Test
    void everyRowOfABuiltCommandIsRegisteredAndNoRowOfAnUnbuiltOneIs() {
        Set<String> registered = api.server.commandNames();
        for (CommandPolicy row : CommandPolicies.rows()) {
            if (row.kind() == CommandPolicy.Kind.NOT_BUILT) {
                assertThat(registered).as("%s is built now: give its row the kind that applies", row.command())
                        .doesNotContain(row.command());
            } else {
                assertThat(registered).as("row %s names a registered command", row.command())
                        .contains(row.command());
            }
        }
        assertThat(CommandPolicies.rows()).filteredOn(r -> r.kind() == CommandPolicy.Kind.NOT_BUILT)
                .extracting(r -> r.policies().get(0).name())
                .containsExactlyInAnyOrder("ALLOW_LAUNCH_PAM_ON_CLOUD_CONNECTION", "ALLOW_VIEW_KCM_RECORDINGS",
                        "ALLOW_LAUNCH_RBI", "ALLOW_VIEW_RBI_RECORDINGS", "ALLOW_PAM_DISCOVERY");
    }

    @Test
    void aGovernedCommandWithoutARowCannotBeRegistered() {
        PolicyGuard guard = new PolicyGuard(new CommandTable(1 << 20), api.store(), api.clock,
                new AccessRevocation());
        assertThatThrownBy(() -> guard.register("pam_discovery_run", ApiRegistry.Access.SESSION,
                call -> Responses.object())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pam_discovery_run").hasMessageContaining("CommandPolicies");
        assertThatThrownBy(() -> guard.register("discovery_start", ApiRegistry.Access.SESSION,
                call -> Responses.object())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NOT_BUILT");
        guard.register("record_frobnicate", ApiRegistry.Access.SESSION, call -> Responses.object());
    }
}
