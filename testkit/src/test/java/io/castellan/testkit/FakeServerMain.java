package io.castellan.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for {@code castellan server start}, run by {@link ServerProcessTest} in a child JVM. First argument: the
 * mode ({@code banner}: print a banner like the real server and wait for SIGTERM; {@code fail}: print an error and
 * exit 10; {@code silent}: print nothing and wait). The launcher's {@code --data-dir DIR --listen HOST:PORT} follow;
 * in banner mode a file {@code DIR/stopped} is written by the shutdown hook, so the test sees a graceful stop.
 */
public final class FakeServerMain {

    private FakeServerMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dataDir = Path.of(args[2]);
        String listen = args[4];
        switch (mode) {
            case "banner" -> {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Files.writeString(dataDir.resolve("stopped"), "yes");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
                System.out.println("12:00:00.000 INFO  Flyway - migrating");
                System.out.println("Castellan server started");
                System.out.println("  URL:              https://" + listen.replace(":0", ":43210"));
                System.out.println("  TLS fingerprint:  SHA-256 AB:CD:EF:01 (generated)");
                System.out.println("  Data directory:   " + dataDir);
                System.out.flush();
                System.err.println("stderr line");
                Thread.sleep(600_000);
            }
            case "fail" -> {
                System.err.println("castellan: server did not start: cannot listen on " + listen);
                System.exit(10);
            }
            default -> Thread.sleep(600_000);
        }
    }
}
