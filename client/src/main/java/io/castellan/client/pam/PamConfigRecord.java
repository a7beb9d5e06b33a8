package io.castellan.client.pam;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordData;
import io.castellan.model.record.RecordField;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The vault record of a PAM configuration, as Keeper lays it out: {@code pamResources} names the gateway
 * ({@code controllerUid}) and the application folder, {@code defaultRotationSchedule} the schedule, and
 * {@code portMapping} the non-standard ports, one {@code PORT=PROTOCOL} a line. The server keeps its own plaintext
 * copy of these values (what it enforces); the record is what the gateway reads.
 */
public final class PamConfigRecord {

    /** The features a configuration can allow, in the order Commander lists them. */
    public static final List<String> FEATURES = List.of("rotation", "connections", "remote_browser_isolation",
            "tunneling", "graphical_recording", "text_recording");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PamConfigRecord() {
    }

    /**
     * The record type of an environment. There is no domain configuration type yet: a domain configuration is a
     * network configuration whose environment (kept by the server) says {@code domain}.
     */
    public static String recordType(String environment) {
        return switch (environment) {
            case "local", "domain" -> "pamNetworkConfiguration";
            case "aws" -> "pamAwsConfiguration";
            case "azure" -> "pamAzureConfiguration";
            default -> throw new CastellanException(ErrorCode.VALIDATION_FAILED,
                    "--environment must be local, aws, azure or domain");
        };
    }

    /** Writes the gateway, folder, features, schedule and port mapping into the record's fields. */
    public static void fill(RecordData record, PamConfigFields fields) {
        ObjectNode resources = NODES.objectNode();
        if (fields.gatewayUid() != null) {
            resources.put("controllerUid", fields.gatewayUid());
        }
        if (fields.sharedFolderUid() != null) {
            resources.put("folderUid", fields.sharedFolderUid());
        }
        resources.putArray("resourceRef");
        if (fields.features() != null) {
            ObjectNode allowed = resources.putObject("allowedSettings");
            FEATURES.forEach(f -> allowed.put(f, fields.features().contains(f)));
        }
        field(record, "pamResources", null).setValueNodes(List.of(resources));
        if (fields.schedule() != null) {
            field(record, "schedule", "defaultRotationSchedule").setValueNodes(List.of(fields.schedule()));
        }
        if (fields.portMapping() != null) {
            String lines = fields.portMapping().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n"));
            field(record, "multiline", "portMapping").setValue(lines);
        }
    }

    private static RecordField field(RecordData record, String type, String label) {
        return (label == null ? record.findField(type) : record.findField(type, label))
                .orElseGet(() -> record.addField(type, label));
    }

    /** Parses {@code PORT=PROTOCOL} entries ({@code --port-mapping 2222=ssh}). */
    public static Map<Integer, String> portMapping(List<String> entries) {
        Map<Integer, String> ports = new java.util.TreeMap<>();
        for (String entry : entries) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || !parts[0].strip().matches("[0-9]{1,5}")
                    || !parts[1].strip().matches("[a-z][a-z0-9-]{0,31}")) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED,
                        "--port-mapping takes PORT=PROTOCOL, e.g. 2222=ssh (protocol in lower case)");
            }
            int port = Integer.parseInt(parts[0].strip());
            if (port < 1 || port > 65535) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED,
                        "--port-mapping: port " + port + " is outside 1-65535");
            }
            ports.put(port, parts[1].strip());
        }
        return ports;
    }
}
