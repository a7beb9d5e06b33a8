package io.castellan.server;

import io.castellan.server.tls.CertificateRenewal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code castellan server renew-cert --data-dir DIR}: a new validity period for the generated certificate, same key;
 * the previous certificates stay in the presented chain so clients that pinned them keep working.
 */
@Command(name = "renew-cert", mixinStandardHelpOptions = true,
        description = {"Renew the generated TLS certificate in DIR/tls with the same key (new serial, new validity);"
                + " takes effect at the server's next start.",
            "Clients that pinned the previous certificate keep working: the server presents it after the new one and"
                + " the pin is honoured for the same key. CA-file clients need the new tls/server.crt."})
public final class ServerRenewCertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir = ServerConfig.DEFAULT_DATA_DIR;

    @Override
    public Integer call() {
        CertificateRenewal.Result r = CertificateRenewal.renew(dataDir);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Renewed the TLS certificate (same key), valid until " + r.notAfter() + ".");
        out.println("  previous: SHA-256 " + r.previousFingerprint());
        out.println("  new:      SHA-256 " + r.fingerprint());
        out.println("Restart the server to present it. Pinned clients (CLI, SDK devices, gateways) keep working;"
                + " clients trusting tls/server.crt as a CA file need the new file.");
        out.flush();
        return 0;
    }
}
