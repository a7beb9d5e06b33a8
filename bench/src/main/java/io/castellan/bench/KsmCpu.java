package io.castellan.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** CPU accounting for the ksm benchmark phases (see {@link KsmCpu.Cpu} and {@link KsmCpu.CpuMeter}). */
final class KsmCpu {

    private KsmCpu() {
    }

    /**
     * CPU nanoseconds of one phase: the caller threads (plus their HTTP clients' threads), the whole JVM, the JIT
     * compiler threads, the GC and VM threads, and PostgreSQL's processes.
     */
    record Cpu(long clientNanos, long processNanos, long jitNanos, long gcNanos, long pgNanos) {
        double clientMs(int requests) {
            return Stats.ms(clientNanos) / requests;
        }

        /** The rest of this JVM but JIT and GC: the server's handlers, Jetty's threads. */
        double serverMs(int requests) {
            return Stats.ms(Math.max(0, processNanos - clientNanos - jitNanos - gcNanos)) / requests;
        }

        double jitGcMs(int requests) {
            return Stats.ms(jitNanos + gcNanos) / requests;
        }

        double pgMs(int requests) {
            return Stats.ms(pgNanos) / requests;
        }

        double totalMs(int requests) {
            return Stats.ms(processNanos + pgNanos) / requests;
        }
    }

    /**
     * Measures a phase's CPU: the whole process (JMX), the OS threads of this JVM by name ({@code /proc/self/task}:
     * the JDK HTTP clients' threads belong to the devices, {@code C1/C2 CompilerThread} is the JIT, {@code GC Thread},
     * {@code G1 …} and {@code VM Thread} the collector), and PostgreSQL's processes.
     */
    static final class CpuMeter {
        private final KsmServer server;
        private final long process0;
        private final Map<String, long[]> threads0;
        private final Map<Long, Long> pg0;

        private CpuMeter(KsmServer server, long process0, Map<String, long[]> threads0, Map<Long, Long> pg0) {
            this.server = server;
            this.process0 = process0;
            this.threads0 = threads0;
            this.pg0 = pg0;
        }

        static CpuMeter start(KsmServer server) {
            return new CpuMeter(server, processCpu(), threads(), postgresCpu(server.postgresBackendPids()));
        }

        /** @param callerThreadsNanos CPU the caller threads measured themselves */
        Cpu stop(long callerThreadsNanos) {
            long process = processCpu() - process0;
            Set<Long> pids = new HashSet<>(server.postgresBackendPids());
            pids.addAll(pg0.keySet());
            long pg = 0;
            for (Map.Entry<Long, Long> e : postgresCpu(pids).entrySet()) {
                pg += Math.max(0, e.getValue() - pg0.getOrDefault(e.getKey(), 0L));
            }
            long http = 0;
            long jit = 0;
            long gc = 0;
            for (Map.Entry<String, long[]> e : threads().entrySet()) {
                long[] before = threads0.get(e.getKey());
                long ticks = e.getValue()[0] - (before == null ? 0 : before[0]);
                String name = e.getKey().substring(e.getKey().indexOf(' ') + 1);
                if (name.startsWith("HttpClient-")) {
                    http += ticks;
                } else if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    jit += ticks;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
                    gc += ticks;
                }
            }
            return new Cpu(callerThreadsNanos + http * KsmBench.TICK_NANOS, process, jit * KsmBench.TICK_NANOS, gc * KsmBench.TICK_NANOS, pg);
        }

        private static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** "TID NAME" → {utime + stime in ticks} for every OS thread of this process (Linux); empty elsewhere. */
        private static Map<String, long[]> threads() {
            Map<String, long[]> out = new HashMap<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : tasks.toList()) {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        int open = stat.indexOf('(');
                        int close = stat.lastIndexOf(')');
                        String[] f = stat.substring(close + 2).split(" ");
                        out.put(t.getFileName() + " " + stat.substring(open + 1, close),
                                new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12])});
                    } catch (java.io.IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (java.io.IOException e) {
                return out;
            }
            return out;
        }

        /** utime + stime (nanoseconds) of each of these PostgreSQL backends, from /proc (Linux). */
        static Map<Long, Long> postgresCpu(Set<Long> pids) {
            Map<Long, Long> out = new HashMap<>();
            for (long pid : pids) {
                try {
                    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(pid, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * KsmBench.TICK_NANOS); // utime, stime
                } catch (java.io.IOException | RuntimeException e) {
                    // not on this machine, or it ended meanwhile
                }
            }
            return out;
        }
    }
}
