package io.castellan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of another JVM, through {@code jcmd}: used bytes after full collections ({@code GC.run} then
 * {@code GC.heap_info}), and the live class histogram ({@code GC.class_histogram}, which collects first), so the
 * benchmark can say what the server holds per connection.
 */
final class ChildHeap {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private final long pid;

    ChildHeap(long pid) {
        this.pid = pid;
    }

    /** Heap in use after two full collections, in bytes. */
    long usedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        jcmd("GC.run");
        Matcher m = USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("jcmd " + pid + " GC.heap_info printed no 'used ...K'");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Live objects by class: class name → bytes. */
    Map<String, Long> histogram() throws IOException, InterruptedException {
        Map<String, Long> bytes = new HashMap<>();
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            Matcher m = HISTOGRAM_ROW.matcher(line);
            if (m.find()) {
                bytes.merge(m.group(3), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        return bytes;
    }

    /** Bytes of all live objects in a histogram. */
    static long total(Map<String, Long> histogram) {
        return histogram.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The classes that grew most between two histograms: "class: N bytes per connection". */
    static List<String> topGrowth(Map<String, Long> before, Map<String, Long> after, int connections, int n) {
        Map<String, Long> growth = new HashMap<>();
        after.forEach((k, v) -> growth.put(k, v - before.getOrDefault(k, 0L)));
        List<String> out = new ArrayList<>();
        growth.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(e -> out.add(String.format("%-60s %8d B per connection", e.getKey(),
                        e.getValue() / connections)));
        return out;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: "
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
