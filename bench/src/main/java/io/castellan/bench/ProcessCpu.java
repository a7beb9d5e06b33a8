package io.castellan.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of whole processes, from {@code /proc} (Linux; zero elsewhere): this JVM, a child process, and a
 * PostgreSQL cluster. On a machine shared with other work, wall-clock rates say more about the neighbours than about
 * us; CPU per operation does not, so the benchmarks report it next to the rates.
 */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** CPU nanoseconds this JVM has used. */
    static long thisJvm() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** utime + stime of {@code pid} in nanoseconds; 0 when it cannot be read. */
    static long of(long pid) {
        long[] f = stat(pid);
        return f == null ? 0 : (f[0] + f[1]) * KsmBench.TICK_NANOS;
    }

    /**
     * CPU of a PostgreSQL cluster so far: the postmaster's own time, the time of the children it has reaped (the
     * backends of connections that closed: each login of a rotation is one), and the time of its live children.
     */
    static long postgresCluster(long postmasterPid) {
        long[] pm = stat(postmasterPid);
        if (pm == null) {
            return 0;
        }
        long ticks = pm[0] + pm[1] + pm[2] + pm[3];
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long[] f = stat(Long.parseLong(name));
                if (f != null && f[4] == postmasterPid) {
                    ticks += f[0] + f[1];
                }
            }
        } catch (IOException e) {
            return ticks * KsmBench.TICK_NANOS;
        }
        return ticks * KsmBench.TICK_NANOS;
    }

    /** The parent of {@code pid}, or -1. */
    static long parentOf(long pid) {
        long[] f = stat(pid);
        return f == null ? -1 : f[4];
    }

    /** utime + stime of one thread ({@code /proc/PID/task/TID}) in nanoseconds; 0 when it cannot be read. */
    static long ofTask(Path task) {
        long[] f = stat(task.resolve("stat"));
        return f == null ? 0 : (f[0] + f[1]) * KsmBench.TICK_NANOS;
    }

    /** {utime, stime, cutime, cstime, ppid} in ticks, or null. */
    private static long[] stat(long pid) {
        return stat(Path.of("/proc", Long.toString(pid), "stat"));
    }

    private static long[] stat(Path file) {
        try {
            String stat = Files.readString(file);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
