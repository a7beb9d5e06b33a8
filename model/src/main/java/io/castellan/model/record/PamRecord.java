package io.castellan.model.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed accessors for the fields PAM code reads and writes: host and port, login, password,
 * private key, secrets, checkboxes and text by label, record links and rotation scripts.
 *
 * <p>A thin view over a {@link RecordData}: reads never fail on odd data (a value of the wrong
 * shape reads as absent; {@code RecordValidator} reports it), and writes change only the value
 * they set — other keys inside an object value ({@code pamHostname}'s, say) are kept. Setters add
 * the field to {@code fields} when the record lacks it. Labels use Keeper's camelCase ids, e.g.
 * {@link #LABEL_PRIVATE_PEM_KEY}; display forms also match (see {@link FieldLabels}).
 */
public final class PamRecord {

    /** Label of the {@code secret} field holding an SSH private key. */
    public static final String LABEL_PRIVATE_PEM_KEY = "privatePEMKey";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RecordData record;

    private PamRecord(RecordData record) {
        this.record = Objects.requireNonNull(record, "record");
    }

    /**
     * @param record the record to view
     * @return the view
     */
    public static PamRecord of(RecordData record) {
        return new PamRecord(record);
    }

    /** @return the underlying record */
    public RecordData record() {
        return record;
    }

    /** @return the first {@code pamHostname} value, or else the first {@code host} value */
    public Optional<HostPort> hostname() {
        return hostField().flatMap(RecordField::firstValue).filter(JsonNode::isObject)
                .map(v -> new HostPort(text(v, "hostName"), text(v, "port")));
    }

    /**
     * Sets host and port, keeping any other keys of the stored value.
     *
     * @param hostPort the new host and port
     */
    public void setHostname(HostPort hostPort) {
        RecordField field = hostField().orElseGet(() -> record.addField("pamHostname", null));
        List<JsonNode> values = field.values();
        ObjectNode value = !values.isEmpty() && values.get(0) instanceof ObjectNode o ? o : NODES.objectNode();
        value.put("hostName", hostPort.hostName());
        value.put("port", hostPort.port());
        if (values.isEmpty()) {
            values.add(value);
        } else {
            values.set(0, value);
        }
        field.setValueNodes(values);
    }

    /** @return the first {@code login} value */
    public Optional<String> login() {
        return record.firstValue("login", null);
    }

    /** @param login the new login */
    public void setLogin(String login) {
        record.setFieldValue("login", null, login);
    }

    /** @return the first {@code password} value */
    public Optional<String> password() {
        return record.firstValue("password", null);
    }

    /** @param password the new password */
    public void setPassword(String password) {
        record.setFieldValue("password", null, password);
    }

    /** @return the {@code secret:privatePEMKey} value */
    public Optional<String> privatePemKey() {
        return secret(LABEL_PRIVATE_PEM_KEY);
    }

    /** @param pem the new PEM-encoded private key */
    public void setPrivatePemKey(String pem) {
        setSecret(LABEL_PRIVATE_PEM_KEY, pem);
    }

    /**
     * @param label e.g. {@code accessSecretKey}
     * @return the value of the {@code secret} field with that label
     */
    public Optional<String> secret(String label) {
        return record.firstValue("secret", Objects.requireNonNull(label, "label"));
    }

    /**
     * @param label the label
     * @param value the new secret
     */
    public void setSecret(String label, String value) {
        record.setFieldValue("secret", Objects.requireNonNull(label, "label"), value);
    }

    /**
     * @param label e.g. {@code useSSL}, {@code managed}
     * @return the checkbox's value when it is a JSON boolean
     */
    public Optional<Boolean> checkbox(String label) {
        return record.findField("checkbox", Objects.requireNonNull(label, "label"))
                .flatMap(RecordField::firstValue).filter(JsonNode::isBoolean).map(JsonNode::booleanValue);
    }

    /**
     * @param label the label
     * @param checked the new value
     */
    public void setCheckbox(String label, boolean checked) {
        record.findField("checkbox", Objects.requireNonNull(label, "label"))
                .orElseGet(() -> record.addField("checkbox", label)).setValue(checked);
    }

    /**
     * @param label e.g. {@code operatingSystem}, {@code connectDatabase}
     * @return the value of the {@code text} field with that label
     */
    public Optional<String> text(String label) {
        return record.firstValue("text", Objects.requireNonNull(label, "label"));
    }

    /**
     * @param label the label
     * @param value the new text
     */
    public void setText(String label, String value) {
        record.setFieldValue("text", Objects.requireNonNull(label, "label"), value);
    }

    /**
     * @param label a label, or {@code null} for every {@code recordRef} field
     * @return the linked record UIDs, in order
     */
    public List<String> recordRefs(String label) {
        List<String> out = new ArrayList<>();
        for (RecordField f : record.fields()) {
            collectRefs(f, label, out);
        }
        for (RecordField f : record.custom()) {
            collectRefs(f, label, out);
        }
        return out;
    }

    /** @return the PAM configuration's gateway, folder and resources */
    public Optional<PamResources> pamResources() {
        return record.findField("pamResources").flatMap(RecordField::firstValue).filter(JsonNode::isObject)
                .map(v -> new PamResources(text(v, "controllerUid"), text(v, "folderUid"), strings(v.get("resourceRef"))));
    }

    /**
     * @param label a label such as {@code rotationScripts}, or {@code null} for the first script field
     * @return the scripts of that field
     */
    public List<RotationScript> scripts(String label) {
        List<RotationScript> out = new ArrayList<>();
        record.findField("script", label).ifPresent(f -> f.values().stream().filter(JsonNode::isObject)
                .forEach(v -> out.add(new RotationScript(text(v, "fileRef"), text(v, "command"),
                        strings(v.get("recordRef"))))));
        return out;
    }

    private Optional<RecordField> hostField() {
        return record.findField("pamHostname").or(() -> record.findField("host"));
    }

    private static void collectRefs(RecordField f, String label, List<String> out) {
        if ("recordRef".equals(f.type()) && (label == null || f.hasLabel(label))) {
            out.addAll(f.stringValues());
        }
    }

    private static String text(JsonNode object, String key) {
        JsonNode v = object.get(key);
        return v != null && (v.isTextual() || v.isNumber()) ? v.asText() : "";
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> {
                if (v.isTextual()) {
                    out.add(v.textValue());
                }
            });
        }
        return out;
    }
}
