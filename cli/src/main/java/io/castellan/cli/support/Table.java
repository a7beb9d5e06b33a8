package io.castellan.cli.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows as a plain, left-aligned text table: a header line, a line of dashes, then the rows, columns
 * separated by two spaces, no trailing spaces. Control characters in cells (a newline in a note, an escape
 * sequence in a title) are replaced so one row stays one line and the terminal is not driven by vault content.
 */
public final class Table {

    private Table() {
    }

    /**
     * @param headers the column names
     * @param rows the rows (each as many cells as headers; missing cells are blank)
     * @return the table, each line ending in a newline
     */
    public static String render(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers.stream().map(Table::clean).toList());
        rows.forEach(r -> all.add(r.stream().map(Table::clean).toList()));
        for (List<String> row : all) {
            for (int i = 0; i < widths.length && i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).codePointCount(0, row.get(i).length()));
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, all.get(0), widths);
        List<String> dashes = new ArrayList<>();
        for (int width : widths) {
            dashes.add("-".repeat(width));
        }
        line(out, dashes, widths);
        for (List<String> row : all.subList(1, all.size())) {
            line(out, row, widths);
        }
        return out.toString();
    }

    /** @return the text with control characters replaced by spaces */
    public static String clean(String cell) {
        if (cell == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(cell.length());
        cell.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            line.append(cell);
            if (i < widths.length - 1) {
                line.append(" ".repeat(widths[i] - cell.codePointCount(0, cell.length()) + 2));
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
