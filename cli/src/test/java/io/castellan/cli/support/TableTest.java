package io.castellan.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAreAlignedWithAHeaderRuleAndNoTrailingSpaces() {
        String table = Table.render(List.of("Type", "UID", "Name"), List.of(
                List.of("folder", "AbC", "Servers/"),
                List.of("pamMachine", "x", "db01")));
        assertThat(table).isEqualTo("""
                Type        UID  Name
                ----------  ---  --------
                folder      AbC  Servers/
                pamMachine  x    db01
                """);
    }

    @Test
    void controlCharactersCannotBreakRowsOrDriveTheTerminal() {
        String table = Table.render(List.of("Field", "Value"), List.of(List.of("Notes", "line1\nline2\u001b[2J")));
        assertThat(table.lines()).hasSize(3);
        assertThat(table).doesNotContain("\u001b");
    }

    @Test
    void missingCellsAreBlankAndWideCharactersCountOnce() {
        String table = Table.render(List.of("A", "B"), List.of(List.of("é"), List.of("ab", "c")));
        assertThat(table).isEqualTo("""
                A   B
                --  -
                é
                ab  c
                """);
    }

    @Test
    void jsonIsIndentedOnStandardOutputAndNotesGoToStandardError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Printer printer = new Printer(new PrintWriter(out), new PrintWriter(err), OutputFormat.json);
        assertThat(printer.json()).isTrue();
        printer.json(Printer.object().put("uid", "u1").put("revision", 2));
        printer.warn("careful");
        assertThat(out.toString()).isEqualTo("{\n  \"uid\" : \"u1\",\n  \"revision\" : 2\n}" + System.lineSeparator());
        assertThat(err.toString()).startsWith("castellan: warning: careful");
    }
}
