package io.castellan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * CPU time and context switches of the processes of one tunnel-benchmark path, read from {@code /proc} around its
 * bulk phase and divided by the MiB moved. On a shared machine the wall-clock rate moves with the neighbours; the CPU
 * a MiB costs each process does not, and it says which process (and, with the switches, how many wake-ups) the bytes
 * cost.
 */
final class BulkCpu {

    /** A process of a path: its name in the report and how to find its pids when sampled (may be several). */
    record Part(String name, Supplier<List<Long>> pids) {
    }

    /**
     * One part's cost per MiB: all its CPU, the part of it its JIT compiler and GC threads used (a JVM still
     * compiling pays for it here; threads that ended meanwhile are missing from those two, not from the total),
     * and its context switches.
     */
    record PerMib(String name, double cpuMs, double jitMs, double gcMs, double voluntarySwitches,
            double involuntarySwitches) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.2f ms CPU (JIT %.2f, GC %.2f), %.0f + %.0f switches", name,
                    cpuMs, jitMs, gcMs, voluntarySwitches, involuntarySwitches);
        }
    }

    private final List<Part> parts;
    private long[][] before;

    BulkCpu(List<Part> parts) {
        this.parts = parts;
    }

    void start() {
        before = sample();
    }

    /** @return each part's CPU and context switches per MiB since {@link #start} */
    List<PerMib> stop(long bytes) {
        long[][] after = sample();
        double mib = bytes / 1048576.0;
        List<PerMib> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            out.add(new PerMib(parts.get(i).name(), (after[i][0] - before[i][0]) / 1e6 / mib,
                    (after[i][3] - before[i][3]) / 1e6 / mib, (after[i][4] - before[i][4]) / 1e6 / mib,
                    (after[i][1] - before[i][1]) / mib, (after[i][2] - before[i][2]) / mib));
        }
        return out;
    }

    private long[][] sample() {
        long[][] out = new long[parts.size()][];
        for (int i = 0; i < parts.size(); i++) {
            long[] sum = new long[5];
            for (long pid : parts.get(i).pids().get()) {
                sum[0] += ProcessCpu.of(pid);
                long[] threads = threads(pid);
                for (int k = 0; k < 4; k++) {
                    sum[k + 1] += threads[k];
                }
            }
            out[i] = sum;
        }
        return out;
    }

    /**
     * Of every thread of {@code pid}, summed: {voluntary, nonvoluntary} context switches, and the CPU nanoseconds of
     * the JVM's compiler threads and of its GC threads (by their thread names).
     */
    private static long[] threads(long pid) {
        long[] out = new long[4];
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String name = Files.readString(task.resolve("comm")).strip();
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    out[2] += ProcessCpu.ofTask(task);
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    out[3] += ProcessCpu.ofTask(task);
                }
                for (String line : Files.readAllLines(task.resolve("status"))) {
                    if (line.startsWith("voluntary_ctxt_switches:")) {
                        out[0] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                        out[1] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return out; // a thread ended while listed: its switches are lost, a rounding error here
        }
        return out;
    }

    /** Processes running as {@code account} (the sshd session processes of the {@code ssh -L} peer). */
    static List<Long> processesOf(String account) {
        List<Long> out = new ArrayList<>();
        long uid;
        try {
            uid = Long.parseLong(new String(new ProcessBuilder("id", "-u", account).start().getInputStream()
                    .readAllBytes()).trim());
        } catch (IOException | NumberFormatException e) {
            return out;
        }
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    for (String line : Files.readAllLines(p.resolve("status"))) {
                        if (line.startsWith("Uid:") && Long.parseLong(line.split("\\s+")[1]) == uid) {
                            out.add(Long.parseLong(name));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while listed
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
