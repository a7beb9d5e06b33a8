package io.castellan.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Medians, percentiles and the number formats the report uses. */
final class Stats {

    private Stats() {
    }

    /** Median of the samples (the mean of the middle two for an even count). */
    static double median(List<Double> samples) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Nearest-rank percentile ({@code p} in 0..100) of already sorted values. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Concatenates and sorts per-thread latency arrays. */
    static long[] merged(List<long[]> parts) {
        long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static String fmtMs(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        return String.format(Locale.ROOT, ms >= 100 ? "%.0f ms" : ms >= 1 ? "%.1f ms" : "%.3f ms", ms);
    }

    static String fmtS(double s) {
        return Double.isNaN(s) ? "-" : s < 1 ? fmtMs(s * 1000) : String.format(Locale.ROOT, "%.2f s", s);
    }

    static String fmtTarget(double seconds) {
        return String.format(Locale.ROOT, "%.0f s", seconds);
    }

    static String fmtRate(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%,.0f /s", perSecond);
    }

    static String fmtMb(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB", bytes / 1048576.0);
    }

    /** "2.31x": how many times the peer's cost ours is. */
    static String fmtRatio(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
