package io.castellan.cli.quickstart;

import java.io.PrintWriter;
import java.nio.file.Path;

/** The "what to try next" block printed once the sandbox runs: commands that work as printed. */
final class NextSteps {

    private final PrintWriter out;
    private final String configOption;
    private final QuickstartState state;
    private final Path dataDir;
    private final int demoPort;
    private final int tunnelPort;

    NextSteps(PrintWriter out, Path config, boolean customConfig, QuickstartState state, Path dataDir, int demoPort,
            int tunnelPort) {
        this.out = out;
        this.configOption = customConfig ? " --config " + config : "";
        this.state = state;
        this.dataDir = dataDir;
        this.demoPort = demoPort;
        this.tunnelPort = tunnelPort;
    }

    void print() {
        out.println();
        out.println("What the quickstart built (state in " + dataDir.resolve(QuickstartState.FILE) + "):");
        out.println("  shared folders  Resources, Users");
        out.println("  application     " + SandboxRecords.APP + " (" + state.get("appUid") + ")");
        out.println("  gateway         " + SandboxRecords.GATEWAY + " (online)");
        out.println("  configuration   " + SandboxRecords.CONFIGURATION + " (" + state.get("configUid") + ")");
        if (demoPort > 0) {
            out.println("  pamDatabase     Resources/" + SandboxRecords.DATABASE + " (" + state.get("databaseUid")
                    + ") -> 127.0.0.1:" + demoPort);
            out.println("  pamUser         Users/" + SandboxRecords.USER + " (" + state.get("userUid")
                    + "), role '" + DemoPostgres.DEMO_ROLE + "', password rotated");
            if (tunnelPort > 0) {
                out.println("  tunnel          127.0.0.1:" + tunnelPort + " -> gateway -> 127.0.0.1:" + demoPort
                        + " (end-to-end encrypted; log " + dataDir.resolve("logs/tunnel.out") + ")");
            }
        }
        out.println();
        out.println("Try next (in another terminal):");
        out.println("  ./castellan tree" + configOption);
        if (demoPort > 0) {
            String user = state.get("userUid");
            out.println("  ./castellan get " + user + " --unmask" + configOption
                    + "        # the rotated password");
            out.println("  psql -h 127.0.0.1 -p " + demoPort + " -U " + DemoPostgres.DEMO_ROLE
                    + " postgres               # log in with it (scram-sha-256)");
            if (tunnelPort > 0) {
                out.println("  psql -h 127.0.0.1 -p " + tunnelPort + " -U " + DemoPostgres.DEMO_ROLE
                        + " postgres               # the same, through the tunnel and the gateway");
            }
            out.println("  ./castellan pam action rotate -r " + user + " --wait" + configOption
                    + "   # rotate again");
            out.println("  ./castellan record-history " + user + configOption + "   # every password it had");
            out.println("  ./castellan pam tunnel start " + state.get("databaseUid") + configOption
                    + "   # another tunnel: prints its local port");
        }
        if (demoPort <= 0) {
            printAddATarget();
        }
        out.println("  ./castellan pam gateway list" + configOption);
        out.println("  ./castellan pam tunnel list" + configOption + "   # open tunnels");
        out.println("  ./castellan audit-report" + configOption
                + "   # what happened: logins, the rotation, the tunnel");
        out.println("  ./castellan audit verify" + configOption + "   # the audit trail is intact");
        out.println();
    }

    /** Without the demo target: the records that make one of your own databases rotatable through the gateway. */
    private void printAddATarget() {
        out.println("  No demo target (--no-demo-target). To add a PostgreSQL of your own as a rotation target:");
        out.println("  ./castellan record-add -rt pamDatabase -t \"My database\" --folder Resources"
                + " 'pamHostname=$JSON:{\"hostName\":\"HOST\",\"port\":\"5432\"}' databaseType=postgresql"
                + " login=ADMIN password=ADMIN_PASSWORD" + configOption);
        out.println("  ./castellan record-add -rt pamUser -t \"My role\" --folder Users login=ROLE password=PASSWORD"
                + " text.connectDatabase=postgres" + configOption);
        out.println("  ./castellan pam rotation edit --record \"Users/My role\" --resource \"Resources/My database\""
                + " --configuration " + state.get("configUid") + " --on-demand" + configOption);
        out.println("  ./castellan pam action rotate -r \"Users/My role\" --wait" + configOption
                + "   # the gateway changes ROLE's password");
    }
}
