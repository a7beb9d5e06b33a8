package io.castellan.cli.pam;

import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.tunnel.LocalTunnel;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.tunnel.TunnelTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan pam tunnel start UID [--host 127.0.0.1] [--port 0] [--background]}: listens on a local port and
 * forwards every connection to the resource's target through an end-to-end encrypted tunnel; prints
 * {@code tunnel ID listening on HOST:PORT} and runs until stopped (Ctrl-C, {@code pam tunnel stop ID}, revoked access).
 */
@Command(name = "start", description = "Listen on a local port and forward each connection to a pamMachine,"
        + " pamDatabase or pamDirectory record's target through its gateway (end-to-end encrypted).")
final class TunnelStartCommand extends PamSubcommand {

    @Parameters(index = "0", paramLabel = "UID", description = "The resource record (UID or FOLDER/TITLE).")
    String record;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Local address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "Local port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--background", description = "Detach: print the port, leave the tunnel running in a"
            + " background process (stop it with 'pam tunnel stop ID').")
    boolean background;

    @Option(names = "--relay-only", description = "Keep the tunnel on the server's relay even when the gateway"
            + " offers a direct path.")
    boolean relayOnly;

    @Override
    protected int execute() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CastellanException(ErrorCode.VALIDATION_FAILED, "--port must be 0 to 65535");
        }
        if (background) {
            return new BackgroundTunnel(globals, printer()).start(record, host, port, relayOnly);
        }
        VaultClient client = client();
        String uid;
        byte[] seed;
        try (Vault vault = open(client)) {
            VaultRecord r = vault.resolveRecord(record);
            uid = r.uid();
            // host and port are the gateway's to resolve (from the record it reads, with the port mapping); the CLI
            // only needs the seed, and refuses early what the gateway would refuse anyway
            if (!TunnelTarget.TYPES.contains(r.data().type())) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED, record + ": tunnels go to pamMachine,"
                        + " pamDatabase or pamDirectory records, not to a " + r.data().type());
            }
            seed = TunnelTarget.seed(r.data());
        }
        Printer printer = printer();
        LocalTunnel tunnel = LocalTunnel.start(client.tunnels(), uid, seed, host, port, !relayOnly,
                printer::warn);
        Thread hook = new Thread(tunnel::close, "tunnel-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (printer.json()) {
            printer.json(Printer.object().put("tunnelId", tunnel.tunnelId()).put("host", tunnel.host())
                    .put("port", tunnel.port()).put("path", tunnel.path()));
        } else {
            printer.line("tunnel " + tunnel.tunnelId() + " listening on " + tunnel.host() + ":" + tunnel.port()
                    + " (" + tunnel.path() + ")");
        }
        String reason = tunnel.awaitClosed();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
        printer.note("tunnel " + tunnel.tunnelId() + " closed (" + reason + "): " + tunnel.mux().bytesSent()
                + " bytes sent, " + tunnel.mux().bytesReceived() + " bytes received");
        return 0;
    }
}
