package io.castellan.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Measures several paths to one target in interleaved rounds: each path is warmed up first, then every round takes
 * a bulk transfer and a series of round trips on each path in turn, the order rotating from round to round. A shared
 * machine's load drifts over minutes; measured one after the other, the path measured during a busy minute loses,
 * whatever it costs. Interleaved, every path sees the same minutes, and the spread of the rounds shows the noise.
 */
final class TunnelRounds {

    /** One path: where to connect, and the processes whose CPU its bulk transfer costs. */
    record Route(String name, int port, List<BulkCpu.Part> processes) {
    }

    /**
     * One path's figures over all rounds: the bulk transfer of the median round, every round trip of every round
     * (sorted), the CPU per MiB averaged over the rounds, and each round's throughput and p50 in the order measured.
     */
    record PathFigures(String name, TunnelLoad.Bulk bulk, long[] rtt, List<BulkCpu.PerMib> cpu,
                       double[] roundMibPerSecond, double[] roundP50Ms) {
        double p50Ms() {
            return Stats.ms(Stats.percentile(rtt, 50));
        }

        double p99Ms() {
            return Stats.ms(Stats.percentile(rtt, 99));
        }
    }

    /** Bytes per warm-up slice. */
    private static final long WARM_UP_SLICE = 32L * 1024 * 1024;
    /** Warm-up goes on while the JIT compiler threads took more than this share of the path's CPU in a slice. */
    private static final double WARM_UP_JIT_SHARE = 0.10;
    /** ... but not past this. */
    private static final Duration WARM_UP_MAX = Duration.ofSeconds(90);

    private TunnelRounds() {
    }

    /** Round trips each path makes in its warm-up, after its bulk slices: the round trip's own code compiles too. */
    private static final int WARM_UP_TRIPS = 5000;

    /** Warms every route up, then measures them in {@code rounds} interleaved rounds; figures in route order. */
    static List<PathFigures> measure(List<Route> routes, long bytes, int trips, int size, int rounds)
            throws Exception {
        for (Route r : routes) {
            warmUp(r);
            TunnelLoad.pingPong(r.port(), WARM_UP_TRIPS, 0, size);
        }
        int n = routes.size();
        List<List<TunnelLoad.Bulk>> bulks = new ArrayList<>();
        List<List<long[]>> rtts = new ArrayList<>();
        List<List<List<BulkCpu.PerMib>>> cpus = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bulks.add(new ArrayList<>());
            rtts.add(new ArrayList<>());
            cpus.add(new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < n; k++) {
                int i = (k + round) % n;
                Route r = routes.get(i);
                BulkCpu cpu = new BulkCpu(r.processes());
                cpu.start();
                TunnelLoad.Bulk bulk = TunnelLoad.bulk(r.port(), bytes);
                List<BulkCpu.PerMib> perMib = cpu.stop(bytes);
                long[] rtt = TunnelLoad.pingPong(r.port(), trips, Math.max(100, trips / 10), size);
                bulks.get(i).add(bulk);
                rtts.get(i).add(rtt);
                cpus.get(i).add(perMib);
                System.out.printf(Locale.ROOT, "round %d  %-17s %8.1f MiB/s   round trip p50 %s p99 %s; per MiB of"
                        + " bulk: %s%n", round + 1, r.name(), bulk.mibPerSecond(),
                        Stats.fmtMs(Stats.ms(Stats.percentile(rtt, 50))),
                        Stats.fmtMs(Stats.ms(Stats.percentile(rtt, 99))), perMib);
            }
        }
        List<PathFigures> figures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            figures.add(combine(routes.get(i).name(), bulks.get(i), rtts.get(i), cpus.get(i)));
        }
        return figures;
    }

    private static PathFigures combine(String name, List<TunnelLoad.Bulk> bulks, List<long[]> rtts,
                                       List<List<BulkCpu.PerMib>> cpus) {
        List<TunnelLoad.Bulk> byRate = new ArrayList<>(bulks);
        byRate.sort(Comparator.comparingDouble(TunnelLoad.Bulk::mibPerSecond));
        long[] all = rtts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        List<BulkCpu.PerMib> cpu = new ArrayList<>();
        for (int part = 0; part < cpus.get(0).size(); part++) {
            int p = part;
            List<BulkCpu.PerMib> each = cpus.stream().map(c -> c.get(p)).toList();
            cpu.add(new BulkCpu.PerMib(each.get(0).name(), mean(each, BulkCpu.PerMib::cpuMs),
                    mean(each, BulkCpu.PerMib::jitMs), mean(each, BulkCpu.PerMib::gcMs),
                    mean(each, BulkCpu.PerMib::voluntarySwitches), mean(each, BulkCpu.PerMib::involuntarySwitches)));
        }
        return new PathFigures(name, byRate.get(byRate.size() / 2), all, cpu,
                bulks.stream().mapToDouble(TunnelLoad.Bulk::mibPerSecond).toArray(),
                rtts.stream().mapToDouble(r -> Stats.ms(Stats.percentile(r, 50))).toArray());
    }

    private static double mean(List<BulkCpu.PerMib> each, java.util.function.ToDoubleFunction<BulkCpu.PerMib> f) {
        return each.stream().mapToDouble(f).average().orElse(0);
    }

    /**
     * Warms a path up (JIT, windows, TCP buffers) in slices of {@link #WARM_UP_SLICE} bytes until the JIT compiler
     * threads took no more than {@link #WARM_UP_JIT_SHARE} of the CPU of the path's processes in the last slice (at
     * most {@link #WARM_UP_MAX}): the figures are then the steady state of a tunnel that has been running, as a user's
     * long transfer sees it, and not the compilation of a fresh gateway and relay (a third of a 256 MiB run).
     */
    private static void warmUp(Route r) throws Exception {
        long start = System.nanoTime();
        for (int slice = 1; ; slice++) {
            BulkCpu cpu = new BulkCpu(r.processes());
            cpu.start();
            TunnelLoad.Bulk bulk = TunnelLoad.bulk(r.port(), WARM_UP_SLICE);
            List<BulkCpu.PerMib> perMib = cpu.stop(WARM_UP_SLICE);
            double cpuMs = perMib.stream().mapToDouble(BulkCpu.PerMib::cpuMs).sum();
            double jitShare = cpuMs > 0 ? perMib.stream().mapToDouble(BulkCpu.PerMib::jitMs).sum() / cpuMs : 0;
            boolean done = jitShare <= WARM_UP_JIT_SHARE
                    || System.nanoTime() - start > WARM_UP_MAX.toNanos();
            System.out.printf(Locale.ROOT, "%-17s warm-up %d: %.1f MiB/s, JIT %.0f %% of the path's CPU%s%n",
                    r.name(), slice, bulk.mibPerSecond(), 100 * jitShare, done ? "" : ", going on");
            if (done) {
                return;
            }
        }
    }
}
