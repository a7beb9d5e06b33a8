package io.castellan.server.pam;

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
 * The PAM configuration and rotation commands of the user API (docs/api.md, "PAM configurations and rotation").
 * Every command needs a session; changes and their audit events commit in one store transaction.
 */
public final class PamApi {

    /** The commands registered, in the order of docs/api.md. */
    public static final List<String> COMMANDS = List.of("pam_config_add", "pam_config_list", "pam_config_edit",
            "rotation_set", "rotation_list", "rotation_info", "rotate");

    private PamApi() {
    }

    /** Registers every PAM command with {@link ApiRegistry.Access#SESSION}; {@code rotate} hands jobs to {@code jobs}. */
    public static void register(ApiRegistry registry, Store store, Audit audit, Clock clock, RotationJobs jobs) {
        PamContext pam = new PamContext(store, audit, clock);
        PamConfigCommands configs = new PamConfigCommands(pam);
        RotationCommands rotations = new RotationCommands(pam);
        RotateCommand rotate = new RotateCommand(pam, jobs);
        add(registry, "pam_config_add", configs::add);
        add(registry, "pam_config_list", configs::list);
        add(registry, "pam_config_edit", configs::edit);
        add(registry, "rotation_set", rotations::set);
        add(registry, "rotation_list", rotations::list);
        add(registry, "rotation_info", rotations::info);
        add(registry, "rotate", rotate::rotate);
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
