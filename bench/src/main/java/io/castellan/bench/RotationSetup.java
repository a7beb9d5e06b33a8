package io.castellan.bench;

import io.castellan.client.VaultClient;
import io.castellan.client.config.ConfigStore;
import io.castellan.client.pam.PasswordComplexity;
import io.castellan.client.pam.RotationChange;
import io.castellan.client.pam.SealedRotationSettings;
import io.castellan.client.transport.ApiTransport;
import io.castellan.client.transport.TlsTrust;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.client.vault.VaultRecord;
import io.castellan.model.record.RecordData;
import io.castellan.server.CastellanServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the rotation benchmark rotates, set up as a person would: the CLI makes the shared folder, the
 * {@code pamDatabase} resource (the scram cluster, its superuser as admin), the application and its edit grant, the
 * gateway ({@code pam gateway new -c}) and the PAM configuration; the client API (what {@code record-add} and
 * {@code pam rotation edit} call, without a CLI start and a vault sync per record) adds the N {@code pamUser}
 * records and their rotation settings, the complexity sealed under each record key.
 *
 * @param gatewayConfig the gateway's base64 configuration
 * @param userUids the pamUser record UIDs, in the order of the roles
 */
record RotationSetup(String gatewayConfig, List<String> userUids) {

    private static final int WRITERS = 4;
    private static final String FOLDER = "Databases";

    static RotationSetup create(CastellanServer server, BenchCli cli, ScramRoles roles) throws Exception {
        cli.ok("mkdir", "-sf", FOLDER);
        String resource = cli.ok("record-add", "-rt", "pamDatabase", "-t", "scram pg", "--folder", FOLDER,
                "pamHostname=$JSON:{\"hostName\":\"" + ScramRoles.HOST + "\",\"port\":\"" + ScramRoles.PORT + "\"}",
                "databaseType=postgresql", "login=postgres", "password=" + roles.superPassword());
        cli.ok("secrets-manager", "app", "create", "rotation bench");
        cli.ok("secrets-manager", "share", "add", "--app", "rotation bench", "--secret", FOLDER, "--editable");
        String gatewayConfig = cli.ok("pam", "gateway", "new", "-n", "gw-bench", "-a", "rotation bench", "-c");
        String configUid = cli.ok("pam", "config", "new", "--environment", "local", "--title", "Bench", "--gateway",
                "gw-bench", "--shared-folder", FOLDER, "--rotation", "on");
        List<String> uids = addUsers(server, cli, roles);
        setRotations(server, cli, uids, resource, configUid);
        return new RotationSetup(gatewayConfig, uids);
    }

    static VaultClient client(CastellanServer server, BenchCli cli) {
        return new VaultClient(ApiTransport.connect(URI.create(server.url()),
                TlsTrust.pinned(server.tlsMaterial().fingerprintSha256())), new ConfigStore(cli.config()).load());
    }

    private static List<String> addUsers(CastellanServer server, BenchCli cli, ScramRoles roles) throws Exception {
        int n = roles.roles().size();
        String[] uids = new String[n];
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int first = w;
                done.add(pool.submit(() -> {
                    VaultClient client = client(server, cli);
                    try (Vault vault = client.sync()) {
                        VaultFolder folder = vault.resolveFolder(FOLDER).orElseThrow();
                        for (int i = first; i < n; i += WRITERS) {
                            RecordData user = RecordData.create("pamUser", "role " + i);
                            user.setFieldValue("login", null, roles.roles().get(i));
                            user.setFieldValue("password", null, roles.initialPasswords().get(i));
                            user.addCustomField("text", "connectDatabase").setValue("postgres");
                            uids[i] = client.records().add(vault, user, folder, List.of()).uid();
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return List.of(uids);
    }

    private static void setRotations(CastellanServer server, BenchCli cli, List<String> uids, String resource,
                                     String configUid) throws Exception {
        PasswordComplexity rules = PasswordComplexity.parse("24,2,2,2,2", null);
        List<List<String>> parts = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < uids.size(); i++) {
            parts.get(i % WRITERS).add(uids.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (List<String> part : parts) {
                done.add(pool.submit(() -> {
                    VaultClient client = client(server, cli);
                    try (Vault vault = client.sync()) {
                        for (String uid : part) {
                            VaultRecord user = vault.record(uid).orElseThrow();
                            byte[] sealed = SealedRotationSettings.seal(user.key(), rules);
                            client.pam().setRotation(new RotationChange(uid, resource, configUid, null, null, true,
                                    null, null, sealed));
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static Path writeAdminPassword(Path dir, String password) throws java.io.IOException {
        return Files.writeString(dir.resolve("admin.pw"), password + "\n");
    }
}
