package io.castellan.server.pam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.ApiRegistry;
import io.castellan.server.audit.Audit;
import io.castellan.store.FolderKind;
import io.castellan.store.FolderRepository;
import io.castellan.store.PamConfiguration;
import io.castellan.store.PamConfigurationRepository;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.castellan.store.UserKeys;
import io.castellan.store.UserStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every PAM command is registered with a session; {@link PamFeatures} refuses a disallowed feature by name. */
class PamApiTest {

    @TempDir
    Path dataDir;

    @Test
    void everyPamCommandIsRegisteredWithASession() {
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
            PamApi.register(registry, store, audit, Clock.systemUTC(), RotationJobs.NOT_CONNECTED);
        }
        assertThat(registered.keySet()).containsExactlyElementsOf(PamApi.COMMANDS);
        assertThat(registered.values()).containsOnly(ApiRegistry.Access.SESSION);
    }

    @Test
    void featuresAreRequiredByName() {
        try (Store store = Store.open(StoreConfig.embedded(dataDir))) {
            byte[] b = "x".getBytes(StandardCharsets.UTF_8);
            store.users().create("owner", "owner@example.com", UserStatus.ACTIVE, false,
                    new UserKeys(b, 100_000, b, b, b, b));
            new FolderRepository(store.transactions(), Clock.systemUTC())
                    .insert("sf", FolderKind.SHARED, "owner", Optional.empty(), b);
            store.records().insert("cfg", "owner", Optional.of("sf"), b);
            new PamConfigurationRepository(store.transactions(), Clock.systemUTC()).insert(new PamConfiguration("cfg",
                    "owner", "local", "gw", "sf", List.of("tunneling"), Optional.empty(), "{}", Instant.EPOCH,
                    Instant.EPOCH));
            PamFeatures features = new PamFeatures(store, Clock.systemUTC());

            assertThat(features.require("cfg", PamFeature.TUNNELING).gatewayUid()).isEqualTo("gw");
            assertThatThrownBy(() -> features.require("cfg", PamFeature.CONNECTIONS))
                    .isInstanceOfSatisfying(CastellanException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                        assertThat(e.detail(PamFeatures.DETAIL_FEATURE)).contains("connections");
                    })
                    .hasMessageContaining("connections");
            assertThatThrownBy(() -> features.require("nothing", PamFeature.ROTATION))
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }
}
