package io.castellan.server.sm;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.ApiRegistry;
import io.castellan.server.audit.Audit;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every application command of docs/api.md is registered, and each needs a session. */
class SecretsManagerApiTest {

    @TempDir
    Path dataDir;

    @Test
    void everyApplicationCommandIsRegisteredWithASession() {
        Map<String, ApiRegistry.Access> registered = new LinkedHashMap<>();
        ApiRegistry registry = new ApiRegistry() {
            @Override
            public void register(String command, Access access, ApiCommand handler) {
                registered.put(command, access);
            }

            @Override
            public void register(String command, Access access, long maxBodyBytes, ApiCommand handler) {
                registered.put(command, access);
            }
        };
        Audit audit = (type, actor, ip, subjects, result) -> { };
        try (Store store = Store.open(StoreConfig.embedded(dataDir))) {
            SecretsManagerApi.register(registry, store, audit, Clock.systemUTC());
        }
        assertThat(registered.keySet()).containsExactlyElementsOf(SecretsManagerApi.COMMANDS);
        assertThat(registered.values()).containsOnly(ApiRegistry.Access.SESSION);
        assertThat(SecretsManagerApi.COMMANDS).containsExactly("app_create", "app_list", "app_get", "app_remove",
                "app_share", "app_grant_add", "app_grant_remove", "app_client_add", "app_client_list",
                "app_client_remove");
        assertThat(DeviceRefs.of("6FSaAYix6NY+3gFbC4h3yVRgKDl1prYLTowsYcd2vWipj27jpjtaYgTz1N+XKOQgtt42RMa7GBg7sIZfnwlWVQ=="))
                .isEqualTo("device:6FSaAYix6NY+3gFb");
    }
}
