package io.castellan.bench;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of Castellan's benchmarks ({@code bench/run}). One benchmark today: {@code vault}. Prints a table and
 * exits 0 even when a target is missed (the table says so); exits 2 for bad usage and 1 when the benchmark itself
 * could not run.
 */
public final class Bench {

    static {
        // Before any logger exists: quiet logging (the server logs at INFO otherwise, Hikari and Flyway too).
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
    }

    private Bench() {
    }

    /** The 1/5/15-minute load averages (Linux), or "unknown". */
    static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Whether the 1-minute load average is above half the CPUs (something else is running). */
    private static boolean busy(String load) {
        try {
            return Double.parseDouble(load.split(" ")[0]) > Runtime.getRuntime().availableProcessors() / 2.0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static void main(String[] args) {
        System.out.println("crypto provider: " + io.castellan.crypto.CryptoProviders.install());
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println("usage: bench/run vault [options]   (bench/run vault --help)");
            System.exit(args.length == 0 ? 2 : 0);
        }
        if (!args[0].equals("vault")) {
            System.err.println("bench: unknown benchmark '" + args[0] + "' (there is: vault)");
            System.exit(2);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.print(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(rest);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        Report report = new Report();
        long start = System.nanoTime();
        System.out.printf("Castellan vault benchmark, %s: %d CPU(s), Java %s, max heap %s, %,d records, stores %s%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Stats.fmtMb(Runtime.getRuntime().maxMemory()), options.records(),
                options.stores().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
        System.out.println("JVM options: " + String.join(" ", ManagementFactory.getRuntimeMXBean()
                .getInputArguments()));
        String loadBefore = loadAverage();
        System.out.println("load average at start: " + loadBefore);
        if (busy(loadBefore)) {
            System.out.println("bench: WARNING: the machine is already busy; figures will be slower and noisier"
                    + " than on an idle machine.");
        }
        try {
            VaultBench bench = new VaultBench(options, report, System.out);
            for (BenchServer.Kind kind : options.stores()) {
                bench.run(kind);
            }
        } catch (Exception e) {
            report.print(System.out);
            System.err.println("bench: the benchmark could not complete: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
        report.note(String.format(Locale.ROOT, "Client and server share this JVM and its %d CPU(s); total run time %.0f s;"
                + " load average at start %s, at end %s.", Runtime.getRuntime().availableProcessors(),
                Stats.seconds(System.nanoTime() - start), loadBefore, loadAverage()));
        report.print(System.out);
        System.exit(0);
    }
}
