package io.castellan.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Uids;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.ApiRegistry;
import io.castellan.store.PamConfiguration;
import io.castellan.store.PamConfigurationRepository;
import io.castellan.store.RoleRepository;
import io.castellan.store.Store;
import io.castellan.store.UserRepository;
import io.castellan.store.VaultViewRepository;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link ApiRegistry} the feature packages register with: it passes each command on to the real table, wrapped
 * so that the {@link CommandPolicies} row's policies are checked ({@link PolicyCheck}) before the command runs, and
 * a command that succeeded and may have taken access away fires {@link AccessRevocation}. Registering a governed
 * command without a row, or one whose row says it is not built, fails the server's start.
 */
public final class PolicyGuard implements ApiRegistry {

    private final ApiRegistry delegate;
    private final PolicyCheck check;
    private final PamConfigurationRepository configs;
    private final VaultViewRepository views;
    private final Clock clock;
    private final RevokingCommands revoking;
    private final AccessRevocation revocation;

    public PolicyGuard(ApiRegistry delegate, Store store, Clock clock, AccessRevocation revocation) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.check = new PolicyCheck(new RoleRepository(store.transactions()));
        this.configs = new PamConfigurationRepository(store.transactions(), clock);
        this.views = new VaultViewRepository(store.transactions());
        this.revoking = new RevokingCommands(new UserRepository(store.transactions(), clock));
        this.revocation = Objects.requireNonNull(revocation, "revocation");
    }

    @Override
    public void register(String command, Access access, ApiCommand handler) {
        delegate.register(command, access, guard(command, handler));
    }

    @Override
    public void register(String command, Access access, long maxBodyBytes, ApiCommand handler) {
        delegate.register(command, access, maxBodyBytes, guard(command, handler));
    }

    private ApiCommand guard(String command, ApiCommand handler) {
        Optional<CommandPolicy> row = CommandPolicies.of(command);
        if (CommandPolicies.isGoverned(command) && row.isEmpty()) {
            throw new IllegalStateException("API command " + command + " has no row in CommandPolicies: say which"
                    + " enforcement policy it needs (or NONE and why)");
        }
        if (row.filter(r -> r.kind() == CommandPolicy.Kind.NOT_BUILT).isPresent()) {
            throw new IllegalStateException("API command " + command + " is registered but its CommandPolicies row"
                    + " says NOT_BUILT: make it ALWAYS (or what applies)");
        }
        boolean revokes = RevokingCommands.COMMANDS.containsKey(command);
        if (row.isEmpty() && !revokes) {
            return handler;
        }
        return call -> {
            row.ifPresent(r -> checkPolicies(r, call));
            ObjectNode answer = handler.handle(call);
            if (revokes) {
                revoking.after(call).ifPresent(revocation::fire);
            }
            return answer;
        };
    }

    private void checkPolicies(CommandPolicy row, ApiCall call) {
        switch (row.kind()) {
            case ALWAYS -> check.require(call.requireCaller(), row.policies());
            case WHEN_CHANGED -> check.require(call.requireCaller(),
                    PamConfigPolicies.needed(call.body(), editedConfig(call)));
            default -> {
                // BY_HANDLER: the command checks it; NONE: nothing to check
            }
        }
    }

    /**
     * The configuration a {@code pam_config_edit} changes, when the caller sees its record; otherwise none, so that
     * every feature named needs its policy and a refusal tells nothing about a configuration the caller cannot see.
     */
    private Optional<PamConfiguration> editedConfig(ApiCall call) {
        JsonNode uid = call.body() == null ? null : call.body().get("uid");
        if (!call.command().equals("pam_config_edit") || uid == null || !uid.isTextual()
                || !Uids.isValid(uid.textValue())
                || views.grants(call.requireCaller().userUid(), uid.textValue(), clock.instant()).isEmpty()) {
            return Optional.empty();
        }
        return configs.get(uid.textValue());
    }
}
