package io.castellan.server.sm;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.ApiRegistry;
import io.castellan.server.audit.Audit;
import io.castellan.store.Store;
import io.castellan.store.StoreException;
import java.time.Clock;
import java.util.List;

/**
 * The Secrets Manager application commands of the user API (docs/api.md, "Secrets Manager applications (user
 * side)"). Every command needs a session; changes and their audit events commit in one store transaction.
 */
public final class SecretsManagerApi {

    /** The commands registered, in the order of docs/api.md. */
    public static final List<String> COMMANDS = List.of("app_create", "app_list", "app_get", "app_remove", "app_share",
            "app_grant_add", "app_grant_remove", "app_client_add", "app_client_list", "app_client_remove");

    /** The gateway commands registered with a Router, in the order of docs/api.md. */
    public static final List<String> GATEWAY_COMMANDS = List.of("gateway_add", "gateway_list", "gateway_remove",
            "gateway_info", "job_info");

    private SecretsManagerApi() {
    }

    /** Registers every application command with {@link ApiRegistry.Access#SESSION}. */
    public static void register(ApiRegistry registry, Store store, Audit audit, Clock clock) {
        register(registry, store, audit, clock, null);
    }

    /** Registers the application commands and, with a {@code router}, the gateway and job commands. */
    public static void register(ApiRegistry registry, Store store, Audit audit, Clock clock,
            io.castellan.server.router.RouterNode router) {
        SmContext sm = new SmContext(store, audit, clock);
        AppCommands apps = new AppCommands(sm);
        GrantCommands grants = new GrantCommands(sm);
        ClientCommands clients = new ClientCommands(sm);
        add(registry, "app_create", apps::create);
        add(registry, "app_list", apps::list);
        add(registry, "app_get", apps::get);
        add(registry, "app_remove", apps::remove);
        add(registry, "app_share", apps::share);
        add(registry, "app_grant_add", grants::add);
        add(registry, "app_grant_remove", grants::remove);
        add(registry, "app_client_add", clients::add);
        add(registry, "app_client_list", clients::list);
        add(registry, "app_client_remove", clients::remove);
        if (router != null) {
            GatewayCommands gateways = new GatewayCommands(sm, clients, router);
            add(registry, "gateway_add", gateways::add);
            add(registry, "gateway_list", gateways::list);
            add(registry, "gateway_remove", gateways::remove);
            add(registry, "gateway_info", gateways::info);
            add(registry, "job_info", gateways::jobInfo);
        }
    }

    private static void add(ApiRegistry registry, String command, ApiCommand handler) {
        registry.register(command, ApiRegistry.Access.SESSION, call -> {
            try {
                return handler.handle(call);
            } catch (StoreException e) {
                throw switch (e.reason()) {
                    case DUPLICATE -> new CastellanException(ErrorCode.CONFLICT, "the object already exists");
                    case CONFLICT -> new CastellanException(ErrorCode.CONFLICT, "the object changed meanwhile; retry");
                    case NOT_FOUND -> new CastellanException(ErrorCode.NOT_FOUND, "no such object");
                    default -> e;
                };
            }
        });
    }
}
