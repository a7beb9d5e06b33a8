package io.castellan.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import java.io.PrintWriter;
import java.util.List;

/**
 * A command's output: results on standard output as a {@link Table} or JSON ({@code --format}), notes and warnings on
 * standard error so that {@code --format json} output stays parseable.
 */
public final class Printer {

    private static final ObjectMapper MAPPER = Json.newMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputFormat format;

    public Printer(PrintWriter out, PrintWriter err, OutputFormat format) {
        this.out = out;
        this.err = err;
        this.format = format;
    }

    /** @return whether JSON was asked for */
    public boolean json() {
        return format == OutputFormat.json;
    }

    /** Prints a table (as CSV when {@code --format csv} was asked for). */
    public void table(List<String> headers, List<List<String>> rows) {
        out.print(format == OutputFormat.csv ? Csv.render(headers, rows) : Table.render(headers, rows));
        out.flush();
    }

    /** Prints a value (a Jackson tree, record, list or map) as indented JSON. */
    public void json(Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "cannot render the result as JSON");
        }
    }

    /** Prints one line of result text. */
    public void line(String text) {
        out.println(Table.clean(text));
        out.flush();
    }

    /** Prints a note for the user on standard error. */
    public void note(String text) {
        err.println(Table.clean(text));
        err.flush();
    }

    /** Prints a warning on standard error. */
    public void warn(String text) {
        note("castellan: warning: " + text);
    }

    /** @return a new JSON object node */
    public static com.fasterxml.jackson.databind.node.ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
