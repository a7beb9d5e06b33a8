package io.castellan.server;

import picocli.CommandLine;

/**
 * Run in a child JVM by {@link ServerLifecycleTest}: {@code server start} as an operator runs it (without a store
 * until the store module exists), so the test can send it a real SIGTERM.
 */
public final class ServerProcessMain {

    private ServerProcessMain() {
    }

    public static void main(String[] args) {
        ServerStartCommand start = new ServerStartCommand();
        start.storeOpener = c -> null;
        int code = new CommandLine(start).execute(args);
        System.out.println("exit " + code);
        System.out.flush();
    }
}
