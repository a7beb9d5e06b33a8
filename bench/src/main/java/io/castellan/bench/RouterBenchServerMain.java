package io.castellan.bench;

import io.castellan.server.ServerStartCommand;
import picocli.CommandLine;

/**
 * The router benchmark's server in a child JVM: {@code castellan server start} with the same options, so the server's
 * heap can be measured without the simulated gateways' (they stay in the benchmark's JVM).
 */
public final class RouterBenchServerMain {

    private RouterBenchServerMain() {
    }

    public static void main(String[] args) {
        io.castellan.crypto.CryptoProviders.install(); // as the deployables do; the banner or table names it
        System.exit(new CommandLine(new ServerStartCommand()).execute(args));
    }
}
