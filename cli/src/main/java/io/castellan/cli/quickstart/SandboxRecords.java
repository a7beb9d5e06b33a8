package io.castellan.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the Gateway wizard builds, made with the real CLI commands: shared folders {@code Resources} and
 * {@code Users}, an application sharing both, a gateway bound to it, a PAM configuration, and (with the demo target)
 * the linked {@code pamDatabase} / {@code pamUser} records with rotation settings. Every step first looks at the
 * {@link QuickstartState}, so a second run creates nothing twice.
 */
final class SandboxRecords {

    static final String APP = "Quickstart App";
    static final String GATEWAY = "quickstart-gateway";
    static final String CONFIGURATION = "Quickstart Configuration";
    static final String DATABASE = "Demo PostgreSQL";
    static final String USER = "Demo role";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InProcessCli cli;
    private final QuickstartState state;

    SandboxRecords(InProcessCli cli, QuickstartState state) {
        this.cli = cli;
        this.state = state;
    }

    void folders() {
        if (!state.has("folders")) {
            cli.ok("mkdir", "-sf", "Resources");
            cli.ok("mkdir", "-sf", "Users");
            state.put("folders", "Resources,Users");
        }
    }

    void application() {
        if (!state.has("appUid")) {
            String uid = cli.ok("secrets-manager", "app", "create", APP);
            cli.ok("secrets-manager", "share", "add", "--app", APP, "--secret", "Resources", "--editable");
            cli.ok("secrets-manager", "share", "add", "--app", APP, "--secret", "Users", "--editable");
            state.put("appUid", uid);
        }
    }

    /** Provisions the gateway once and keeps its configuration (a secret: mode 0600) for the child process. */
    String gatewayConfig(Path file) throws IOException {
        if (!state.has("gateway") || !Files.exists(file)) {
            if (state.has("gateway")) {
                throw new QuickstartException("the gateway configuration " + file + " is missing; remove the gateway"
                        + " with 'castellan pam gateway remove " + GATEWAY + "' and quickstart.json, then run again");
            }
            String config = cli.ok("pam", "gateway", "new", "-n", GATEWAY, "-a", APP, "-c");
            SecretFiles.write(file, config + "\n");
            state.put("gateway", GATEWAY);
        }
        return Files.readString(file).strip();
    }

    void configuration() {
        if (!state.has("configUid")) {
            state.put("configUid", cli.ok("pam", "config", "new", "--environment", "local", "--title", CONFIGURATION,
                    "--gateway", GATEWAY, "--shared-folder", "Resources", "--rotation", "on", "--tunneling", "on"));
            state.put("tunneling", "on");
        }
    }

    /** Tunneling on in the configuration; a data directory from before the quickstart opened tunnels gets it now. */
    void allowTunnels() {
        if (!state.has("tunneling")) {
            cli.ok("pam", "config", "edit", state.get("configUid"), "--tunneling", "on");
            state.put("tunneling", "on");
        }
    }

    boolean gatewayOnline() {
        try {
            for (JsonNode g : JSON.readTree(cli.ok("pam", "gateway", "list", "--format", "json"))) {
                if (GATEWAY.equals(g.path("name").asText()) && g.path("online").asBoolean()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** The demo target's records and rotation settings; {@code demoPassword} is needed only on their first run. */
    void demoTarget(int port, String superPassword, String demoPassword) {
        if (!state.has("databaseUid")) {
            state.put("databaseUid", cli.ok("record-add", "-rt", "pamDatabase", "-t", DATABASE, "--folder", "Resources",
                    "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"" + port + "\"}",
                    "databaseType=postgresql", "login=postgres", "password=" + superPassword));
        }
        if (!state.has("databaseTunneling")) {
            // tunneling is off on a record until a user who may edit it turns it on (KeeperPAM's default)
            cli.ok("pam", "tunnel", "edit", state.get("databaseUid"), "--enable-tunneling");
            state.put("databaseTunneling", "on");
        }
        if (!state.has("userUid")) {
            if (demoPassword == null) {
                throw new QuickstartException("the demo PostgreSQL exists but its demo role's record does not; remove"
                        + " the data directory's demo-postgres folder and run again");
            }
            state.put("userUid", cli.ok("record-add", "-rt", "pamUser", "-t", USER, "--folder", "Users",
                    "login=" + DemoPostgres.DEMO_ROLE, "password=" + demoPassword, "text.connectDatabase=postgres"));
        }
        if (!state.has("rotationSettings")) {
            cli.ok("pam", "rotation", "edit", "--record", state.get("userUid"), "--resource", state.get("databaseUid"),
                    "--configuration", state.get("configUid"), "--complexity", "24,2,2,2,2", "--on-demand");
            state.put("rotationSettings", "on-demand");
        }
    }

    /** Rotates the demo role's password through the gateway once (the first run only); returns the CLI's report. */
    String rotateOnce() {
        if (state.has("rotated")) {
            return null;
        }
        String report = cli.ok("pam", "action", "rotate", "-r", state.get("userUid"), "--wait", "--timeout", "180");
        state.put("rotated", "yes");
        return report;
    }
}
