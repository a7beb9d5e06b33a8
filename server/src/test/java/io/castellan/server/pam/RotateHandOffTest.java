package io.castellan.server.pam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Uids;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.server.api.CommandTable;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.StoreAudit;
import io.castellan.store.FolderKind;
import io.castellan.store.FolderRepository;
import io.castellan.store.HolderKind;
import io.castellan.store.PamConfiguration;
import io.castellan.store.PamConfigurationRepository;
import io.castellan.store.RecordKey;
import io.castellan.store.RecordKeyRepository;
import io.castellan.store.RotationSettings;
import io.castellan.store.RotationSettingsRepository;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.castellan.store.UserKeys;
import io.castellan.store.UserStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code rotate} hands to the job service once every check passes: the configuration's gateway, the pamUser,
 * the resource and the configuration, as an on-demand job; the audit event carries the job id. The store and audit
 * are real; the job service is a recording implementation of {@link RotationJobs} (the Router's is not in this build).
 */
class RotateHandOffTest {

    private static final String GATEWAY = "gateway-client-id";

    @TempDir
    Path dataDir;

    @Test
    void anAcceptedRotationIsHandedToTheJobServiceWithItsIds() {
        String config = Uids.newUid();
        String machine = Uids.newUid();
        String user = Uids.newUid();
        try (Store store = Store.open(StoreConfig.embedded(dataDir))) {
            Clock clock = Clock.systemUTC();
            byte[] b = "x".getBytes(StandardCharsets.UTF_8);
            store.users().create("owner", "owner@example.com", UserStatus.ACTIVE, false,
                    new UserKeys(b, 100_000, b, b, b, b));
            new FolderRepository(store.transactions(), clock).insert("sf", FolderKind.SHARED, "owner",
                    Optional.empty(), b);
            RecordKeyRepository keys = new RecordKeyRepository(store.transactions(), clock);
            for (String uid : List.of(config, machine, user)) {
                store.records().insert(uid, "owner", Optional.of("sf"), b);
                keys.put(new RecordKey(uid, HolderKind.USER, "owner", b, true, true, Optional.empty()));
            }
            new PamConfigurationRepository(store.transactions(), clock).insert(new PamConfiguration(config, "owner",
                    "local", GATEWAY, "sf", List.of("rotation"), Optional.empty(), "{}", Instant.EPOCH,
                    Instant.EPOCH));
            new RotationSettingsRepository(store.transactions(), clock).put(new RotationSettings(user, machine,
                    config, "general", Optional.empty(), false, true, b, "owner", Instant.EPOCH, Instant.EPOCH));

            List<List<Object>> submitted = new ArrayList<>();
            RotationJobs jobs = (gateway, pamUser, resource, configUid, onDemand, requestedBy) -> {
                submitted.add(List.of(gateway, pamUser, resource, configUid, onDemand));
                return "job-" + submitted.size();
            };
            CommandTable table = new CommandTable(1 << 20);
            PamApi.register(table, store, new StoreAudit(store.auditEvents(), clock), clock, jobs);

            ObjectNode answer = table.find("rotate").orElseThrow().handler().handle(new ApiCall("rotate",
                    Responses.object().put("recordUid", user),
                    Optional.of(new Caller("owner", "owner@example.com", true, "s1")), "127.0.0.1"));

            assertThat(answer.get("jobId").asText()).isEqualTo("job-1");
            assertThat(submitted).containsExactly(List.of(GATEWAY, user, machine, config, true));
            String details = store.read(h -> h.createQuery("SELECT details_json FROM audit_events"
                    + " WHERE event_type = 'rotation_requested'").mapTo(String.class).one());
            assertThat(details).contains("job-1");
        }
    }
}
