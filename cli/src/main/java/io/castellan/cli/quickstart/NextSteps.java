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

    NextSteps(PrintWriter out, Path config, boolean customConfig, QuickstartState state, Path dataDir, int demoPort) {
        this.out = out;
        this.configOption = customConfig ? " --config " + config : "";
        this.state = state;
        this.dataDir = dataDir;
        this.demoPort = demoPort;
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
            out.println("  ./castellan pam action rotate -r " + user + " --wait" + configOption
                    + "   # rotate again");
            out.println("  ./castellan record-history " + user + configOption + "   # every password it had");
            out.println("  ./castellan pam tunnel start " + state.get("databaseUid") + configOption
                    + "   # Tunnels: prints a local port; psql -h 127.0.0.1 -p THAT_PORT reaches the database");
        }
        out.println("  ./castellan pam gateway list" + configOption);
        out.println("  The audit trail: every step above is an audit event in the server's store; the audit report"
                + " command comes with the audit export release.");
        out.println();
    }
}
