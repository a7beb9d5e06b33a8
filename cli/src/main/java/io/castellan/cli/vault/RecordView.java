package io.castellan.cli.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.Printer;
import io.castellan.client.vault.VaultAttachment;
import io.castellan.client.vault.VaultRecord;
import io.castellan.model.record.RecordData;
import io.castellan.model.record.RecordField;
import io.castellan.model.recordtype.RecordTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Shows a decrypted record as rows or JSON. Values of sensitive field types (passwords, secrets, keys, PINs — and
 * any unknown type, to be safe) are shown as {@value #MASK} unless {@code --unmask} was given; empty fields of the
 * layout are left out of the table.
 */
final class RecordView {

    static final String MASK = "********";

    private final RecordTypes types;
    private final boolean unmask;

    RecordView(RecordTypes types, boolean unmask) {
        this.types = types;
        this.unmask = unmask;
    }

    /** @return Field/Value rows: the record's metadata, then its fields */
    List<List<String>> rows(VaultRecord record, String folderPath) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("UID", record.uid()));
        rows.add(List.of("Title", record.title()));
        rows.add(List.of("Type", record.type()));
        rows.add(List.of("Folder", folderPath));
        rows.add(List.of("Revision", Long.toString(record.revision())));
        if (record.expiresAt() != null) {
            rows.add(List.of("Share expires", record.expiresAt().toString()));
        }
        rows.addAll(fieldRows(record.data()));
        record.links().forEach(l -> rows.add(List.of("Link", l.uid() + " (" + l.kind() + ")")));
        for (VaultAttachment a : record.attachments()) {
            rows.add(List.of("Attachment", a.meta().name() + " (" + a.meta().size() + " bytes, " + a.uid() + ")"));
        }
        return rows;
    }

    /** @return rows for the non-empty fields and the notes of a record */
    List<List<String>> fieldRows(RecordData data) {
        List<List<String>> rows = new ArrayList<>();
        List<RecordField> all = new ArrayList<>(data.fields());
        all.addAll(data.custom());
        for (RecordField field : all) {
            if (!field.isEmpty()) {
                rows.add(List.of(name(field), text(field)));
            }
        }
        if (!data.notes().isEmpty()) {
            rows.add(List.of("Notes", data.notes()));
        }
        return rows;
    }

    /** @return the record as JSON, sensitive values masked unless unmasked */
    ObjectNode json(VaultRecord record, String folderPath) {
        ObjectNode out = Printer.object().put("uid", record.uid()).put("title", record.title())
                .put("type", record.type()).put("folder", folderPath).put("revision", record.revision())
                .put("canEdit", record.canEdit()).put("canShare", record.canShare());
        out.put("expiresAt", record.expiresAt() == null ? null : record.expiresAt().toString());
        RecordData data = record.data();
        out.set("fields", fieldsJson(data.fields()));
        out.set("custom", fieldsJson(data.custom()));
        out.put("notes", data.notes());
        ArrayNode links = out.putArray("links");
        record.links().forEach(l -> links.addObject().put("uid", l.uid()).put("kind", l.kind()));
        ArrayNode attachments = out.putArray("attachments");
        record.attachments().forEach(a -> attachments.addObject().put("uid", a.uid()).put("name", a.meta().name())
                .put("type", a.meta().type()).put("size", a.meta().size()));
        return out;
    }

    ArrayNode fieldsJson(List<RecordField> fields) {
        ArrayNode array = Printer.object().arrayNode();
        for (RecordField field : fields) {
            ObjectNode f = array.addObject().put("type", field.type());
            field.label().ifPresent(l -> f.put("label", l));
            ArrayNode values = f.putArray("value");
            field.values().forEach(v -> {
                if (masked(field)) {
                    values.add(MASK);
                } else {
                    values.add(v);
                }
            });
        }
        return array;
    }

    private boolean masked(RecordField field) {
        return !unmask && types.isSensitive(field.type());
    }

    private static String name(RecordField field) {
        return field.label().filter(l -> !l.isEmpty()).map(l -> field.type() + ":" + l).orElse(field.type());
    }

    private String text(RecordField field) {
        if (masked(field)) {
            return MASK;
        }
        return field.values().stream().map(RecordView::valueText).collect(Collectors.joining(", "));
    }

    private static String valueText(JsonNode value) {
        if (value.isObject() && value.has("hostName")) {
            String port = value.path("port").asText("");
            return value.path("hostName").asText("") + (port.isEmpty() ? "" : ":" + port);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
