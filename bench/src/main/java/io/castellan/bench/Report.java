package io.castellan.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The final table: one row per metric. {@code ratio} is always a cost ratio, "how many times the peer's cost ours
 * is" (ours/peer for times, peer/ours for rates), so above 1 means slower than the peer. {@code verdict} is PASS or
 * FAIL only for metrics that have a target, "-" otherwise; a FAIL does not change the exit status (this is a report).
 */
final class Report {

    record Row(String store, String metric, String value, String target, String peer, String ratio, String verdict) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(String store, String metric, String value) {
        add(store, metric, value, "-", "-", "-", "-");
    }

    void add(String store, String metric, String value, String target, String peer, String ratio, String verdict) {
        rows.add(new Row(store, metric, value, target, peer, ratio, verdict));
    }

    void note(String note) {
        notes.add(note);
    }

    List<Row> rows() {
        return rows;
    }

    boolean anyFailed() {
        return rows.stream().anyMatch(r -> r.verdict().equals("FAIL"));
    }

    void print(PrintStream out) {
        String[] header = {"store", "metric", "value", "target", "peer", "x peer", "result"};
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (Row r : rows) {
            String[] cells = cells(r);
            for (int i = 0; i < cells.length; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
        }
        out.println();
        line(out, header, width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(rule);
        String previous = null;
        for (Row r : rows) {
            if (previous != null && !previous.equals(r.store())) {
                out.println(rule);
            }
            line(out, cells(r), width);
            previous = r.store();
        }
        out.println();
        out.println("x peer = our cost / peer cost (times: ours/peer; rates: peer/ours); above 1 means slower than"
                + " the peer.");
        for (String n : notes) {
            out.println(n);
        }
        out.println(anyFailed() ? "RESULT: at least one target was MISSED (see FAIL rows)."
                : "RESULT: every metric with a target met it.");
    }

    private static String[] cells(Row r) {
        return new String[] {r.store(), r.metric(), r.value(), r.target(), r.peer(), r.ratio(), r.verdict()};
    }

    private static void line(PrintStream out, String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(" | ");
            }
            boolean right = i >= 2 && i <= 5;
            String pad = " ".repeat(width[i] - cells[i].length());
            b.append(right ? pad + cells[i] : cells[i] + pad);
        }
        out.println(b.toString().stripTrailing());
    }
}
