package io.castellan.cli.pam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.Printer;
import io.castellan.cli.vault.RecordEditor;
import io.castellan.client.VaultClient;
import io.castellan.client.api.SavedRecord;
import io.castellan.client.pam.PamConfigFields;
import io.castellan.client.pam.PamConfigInfo;
import io.castellan.client.pam.PamConfigRecord;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.client.vault.VaultRecord;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordData;
import io.castellan.model.recordtype.RecordTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code castellan pam config new|list|edit}. */
@Command(name = "config", synopsisSubcommandLabel = "new|list|edit",
        description = "PAM configurations: the gateway, shared folder and features a set of resources uses.",
        subcommands = {PamConfigCommand.New.class, PamConfigCommand.ListConfigs.class, PamConfigCommand.Edit.class})
final class PamConfigCommand extends PamGroup {

    /** The options {@code new} and {@code edit} share. */
    abstract static class ConfigOptions extends PamSubcommand {
        @ArgGroup(exclusive = false, heading = "Features allowed:%n")
        FeatureToggles features = new FeatureToggles();

        @Option(names = "--schedule-json", paramLabel = "JSON",
                description = "Default rotation schedule, e.g. {\"type\":\"DAILY\",\"utcTime\":\"03:00\"}.")
        String scheduleJson;

        @Option(names = "--port-mapping", paramLabel = "PORT=PROTOCOL",
                description = "A non-standard port, e.g. 2222=ssh (repeatable).")
        List<String> portMapping = new ArrayList<>();

        Map<Integer, String> ports() {
            return portMapping.isEmpty() ? null : PamConfigRecord.portMapping(portMapping);
        }

        static VaultFolder sharedFolder(Vault vault, String pathOrUid) {
            VaultFolder folder = vault.resolveFolder(pathOrUid).orElseThrow(() -> new CastellanException(
                    ErrorCode.NOT_FOUND, "no folder " + pathOrUid + " in your vault"));
            if (!folder.isShared()) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED, "--shared-folder: " + pathOrUid
                        + " is not a shared folder");
            }
            return folder;
        }
    }

    /** {@code pam config new}: the record in the vault, then the server's metadata; prints the new UID. */
    @Command(name = "new", description = "Create a PAM configuration (a record in the shared folder, and what the"
            + " server enforces about it).",
            footer = {"", "Example: castellan pam config new --environment local --title 'Lab' --gateway gw-1 "
                + "--shared-folder PAM --rotation on --tunneling on --port-mapping 2222=ssh"})
    static final class New extends ConfigOptions {
        @Option(names = {"-env", "--environment"}, required = true, paramLabel = "local|aws|azure|domain",
                description = "Where the resources are.")
        String environment;

        @Option(names = {"-t", "--title"}, required = true, paramLabel = "TITLE", description = "Record title.")
        String title;

        @Option(names = {"-g", "--gateway"}, required = true, paramLabel = "GATEWAY",
                description = "The gateway's name or client id.")
        String gateway;

        @Option(names = {"-sf", "--shared-folder"}, required = true, paramLabel = "FOLDER",
                description = "Shared folder (path or UID) of the configuration and its resources.")
        String sharedFolder;

        @Parameters(paramLabel = "FIELD=VALUE", arity = "0..*",
                description = "More fields of the record, e.g. text.awsId=prod secret.accessKeyId=... for aws.")
        List<String> fields = new ArrayList<>();

        @Override
        protected int execute() {
            String type = PamConfigRecord.recordType(environment);
            VaultClient client = client();
            Printer printer = printer();
            try (Vault vault = open(client)) {
                VaultFolder folder = sharedFolder(vault, sharedFolder);
                String gatewayUid = gateway(client, vault.keyring(), gateway);
                PamConfigFields values = new PamConfigFields(environment, gatewayUid, folder.uid(),
                        features.applyTo(List.of()),
                        scheduleJson == null ? null : schedule(scheduleJson), ports());
                RecordEditor editor = new RecordEditor(RecordTypes.builtIn());
                RecordData record = editor.create(type, title);
                editor.apply(record, fields);
                PamConfigRecord.fill(record, values.schedule() == null ? withOnDemand(values) : values);
                editor.validate(record).forEach(printer::warn);
                SavedRecord saved = client.records().add(vault, record, folder, List.of());
                PamConfigInfo info;
                try {
                    info = client.pam().addConfig(saved.uid(), values);
                } catch (RuntimeException e) {
                    client.records().delete(List.of(saved.uid()));
                    throw e;
                }
                if (printer.json()) {
                    printer.json(PamConfigCommand.json(info, title));
                } else {
                    printer.line(info.uid());
                }
            }
            return 0;
        }

        private static PamConfigFields withOnDemand(PamConfigFields values) {
            return new PamConfigFields(values.environment(), values.gatewayUid(), values.sharedFolderUid(),
                    values.features(), Printer.object().put("type", "ON_DEMAND"), values.portMapping());
        }
    }

    /** {@code pam config list}. */
    @Command(name = "list", description = "List the PAM configurations you can see.")
    static final class ListConfigs extends PamSubcommand {
        @Override
        protected int execute() {
            VaultClient client = client();
            Printer printer = printer();
            try (Vault vault = open(client)) {
                List<PamConfigInfo> configs = client.pam().listConfigs();
                if (printer.json()) {
                    ArrayNode out = Printer.object().arrayNode();
                    configs.forEach(c -> out.add(json(c, title(vault, c.uid()))));
                    printer.json(out);
                } else {
                    printer.table(List.of("UID", "Title", "Environment", "Gateway", "Shared folder", "Features"),
                            configs.stream().map(c -> List.of(c.uid(), title(vault, c.uid()), c.environment(),
                                    c.gatewayUid().substring(0, 12), vault.pathOf(c.sharedFolderUid()),
                                    String.join(",", c.features()))).toList());
                }
            }
            return 0;
        }
    }

    /** {@code pam config edit CONFIG}: changes what is given, on the server and in the record. */
    @Command(name = "edit", description = "Change a PAM configuration's gateway, shared folder, features, schedule"
            + " or port mapping.")
    static final class Edit extends ConfigOptions {
        @Parameters(paramLabel = "CONFIG", description = "The configuration record (UID or FOLDER/TITLE).")
        String config;

        @Option(names = {"-env", "--environment"}, paramLabel = "local|aws|azure|domain", description = "Environment.")
        String environment;

        @Option(names = {"-t", "--title"}, paramLabel = "TITLE", description = "New record title.")
        String title;

        @Option(names = {"-g", "--gateway"}, paramLabel = "GATEWAY", description = "The gateway's name or client id.")
        String gateway;

        @Option(names = {"-sf", "--shared-folder"}, paramLabel = "FOLDER",
                description = "Another shared folder (move the record there first).")
        String sharedFolder;

        @Override
        protected int execute() {
            VaultClient client = client();
            Printer printer = printer();
            try (Vault vault = open(client)) {
                VaultRecord record = vault.resolveRecord(config);
                PamConfigInfo current = client.pam().listConfigs().stream().filter(c -> c.uid().equals(record.uid()))
                        .findFirst().orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND,
                                config + " is not a PAM configuration"));
                PamConfigFields values = new PamConfigFields(environment,
                        gateway == null ? null : gateway(client, vault.keyring(), gateway),
                        sharedFolder == null ? null : sharedFolder(vault, sharedFolder).uid(),
                        features.any() ? features.applyTo(current.features()) : null,
                        scheduleJson == null ? null : schedule(scheduleJson), ports());
                PamConfigInfo info = client.pam().editConfig(record.uid(), values);
                RecordData data = record.data().copy();
                if (title != null) {
                    data.setTitle(title);
                }
                PamConfigRecord.fill(data, new PamConfigFields(info.environment(), info.gatewayUid(),
                        info.sharedFolderUid(), info.features(), values.schedule(), values.portMapping()));
                client.records().update(record, data, null);
                if (printer.json()) {
                    printer.json(json(info, data.title()));
                } else {
                    printer.line(info.uid());
                }
            }
            return 0;
        }
    }

    static String title(Vault vault, String uid) {
        return vault.record(uid).map(VaultRecord::title).orElse("");
    }

    static ObjectNode json(PamConfigInfo c, String title) {
        ObjectNode out = Printer.object().put("uid", c.uid()).put("title", title).put("environment", c.environment())
                .put("gatewayUid", c.gatewayUid()).put("sharedFolderUid", c.sharedFolderUid());
        c.features().forEach(out.putArray("features")::add);
        out.set("schedule", c.schedule());
        out.set("portMapping", c.portMapping());
        return out;
    }
}
