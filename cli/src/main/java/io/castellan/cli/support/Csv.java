package io.castellan.cli.support;

import java.util.List;

/**
 * Tables as RFC 4180 CSV: every cell quoted, quotes doubled, CRLF line ends. A cell that a spreadsheet would run as
 * a formula ({@code = + - @} first) gets a leading apostrophe, so an exported report cannot carry a formula in.
 */
final class Csv {

    private Csv() {
    }

    static String render(List<String> headers, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        line(out, headers);
        rows.forEach(r -> line(out, r));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = cells.get(i) == null ? "" : cells.get(i);
            if (!cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0) {
                cell = "'" + cell;
            }
            out.append('"').append(cell.replace("\"", "\"\"")).append('"');
        }
        out.append("\r\n");
    }
}
