package io.castellan.cli.pam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.pam.PasswordComplexity;
import io.castellan.client.pam.RotationChange;
import io.castellan.client.pam.RotationInfo;
import io.castellan.client.pam.SealedRotationSettings;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import io.castellan.crypto.CryptoException;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code castellan pam rotation edit|list|info}. */
@Command(name = "rotation", synopsisSubcommandLabel = "edit|list|info",
        description = "Rotation settings of pamUser records: resource, configuration, schedule, complexity.",
        subcommands = {PamRotationCommand.Edit.class, PamRotationCommand.ListRotations.class,
            PamRotationCommand.Info.class})
final class PamRotationCommand extends PamGroup {

    /** Either a schedule or on demand. */
    static final class When {
        @Option(names = "--schedule-json", paramLabel = "JSON",
                description = "Schedule, e.g. {\"type\":\"WEEKLY\",\"weekday\":\"SUNDAY\",\"utcTime\":\"02:00\"}.")
        String scheduleJson;

        @Option(names = "--schedulecron", paramLabel = "EXPR",
                description = "Cron schedule in UTC: Quartz style with 6 or 7 fields (e.g. '0 56 17 * * ?') or crontab"
                        + " style with 5; for a time zone use --schedule-json {\"type\":\"CRON\",\"cron\":...,"
                        + "\"tz\":\"Europe/Berlin\"}.")
        String scheduleCron;

        @Option(names = "--on-demand", description = "No schedule: rotate only when asked.")
        boolean onDemand;

        /** The schedule to send: the JSON given, or a CRON schedule made from --schedulecron; null for none. */
        String scheduleJson() {
            if (scheduleCron == null) {
                return scheduleJson;
            }
            return Printer.object().put("type", "CRON").put("cron", scheduleCron).toString();
        }
    }

    /** Enable or disable. */
    static final class OnOff {
        @Option(names = "--enable", description = "Let rotations run (the default).")
        boolean enable;

        @Option(names = "--disable", description = "Stop scheduled and on-demand rotations.")
        boolean disable;
    }

    /** {@code pam rotation edit}: seals the complexity under the record key and sets the settings. */
    @Command(name = "edit", description = "Set the rotation settings of a pamUser record.",
            footer = {"", "Example: castellan pam rotation edit --record Lab/root --resource Lab/db01 --config Lab/Net "
                + "--complexity 32,5,5,5,5 --on-demand"})
    static final class Edit extends PamSubcommand {
        @Option(names = {"-r", "--record"}, required = true, paramLabel = "UID",
                description = "The pamUser record (UID or FOLDER/TITLE).")
        String record;

        @Option(names = {"-rs", "--resource"}, required = true, paramLabel = "UID",
                description = "The PAM resource that performs the rotation (UID or FOLDER/TITLE).")
        String resource;

        @Option(names = {"-c", "--configuration"}, paramLabel = "UID",
                description = "The PAM configuration (UID or FOLDER/TITLE); needed the first time.")
        String config;

        @Option(names = "--complexity", paramLabel = "LEN,UPPER,LOWER,DIGITS,SPECIAL",
                description = "Password complexity, e.g. 32,5,5,5,5 (default: kept, or 32,5,5,5,5).")
        String complexity;

        @Option(names = "--special-chars", paramLabel = "SET", description = "The special characters allowed.")
        String specialChars;

        @Option(names = "--rotation-type", paramLabel = "general|iam_user|scripts_only",
                description = "How the gateway rotates (default: kept, or general).")
        String rotationType;

        @Option(names = "--noop", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
                description = "Change the password in the vault only, not on the target.")
        Boolean noop;

        @ArgGroup(exclusive = true)
        When when = new When();

        @ArgGroup(exclusive = true)
        OnOff onOff = new OnOff();

        @Override
        protected int execute() {
            if (rotationType != null && !List.of("general", "iam_user", "scripts_only").contains(rotationType)) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED,
                        "--rotation-type must be general, iam_user or scripts_only");
            }
            VaultClient client = client();
            Printer printer = printer();
            try (Vault vault = open(client)) {
                VaultRecord user = vault.resolveRecord(record);
                if (!"pamUser".equals(user.type())) {
                    throw new CastellanException(ErrorCode.VALIDATION_FAILED, "--record: " + record
                            + " is a " + user.type() + " record, not a pamUser");
                }
                VaultRecord target = vault.resolveRecord(resource);
                String configUid = config == null ? null : vault.resolveRecord(config).uid();
                PasswordComplexity rules = rules(client, user);
                byte[] sealed = SealedRotationSettings.seal(user.key(), rules);
                RotationInfo info = client.pam().setRotation(new RotationChange(user.uid(), target.uid(), configUid,
                        rotationType, when.scheduleJson() == null ? null : schedule(when.scheduleJson()), when.onDemand,
                        noop, onOff.enable ? Boolean.TRUE : onOff.disable ? Boolean.FALSE : null, sealed));
                if (printer.json()) {
                    printer.json(json(info, rules, user.title()));
                } else {
                    printer.line(info.recordUid());
                }
            }
            return 0;
        }

        /** The complexity given, else the one stored (opened with the record key), else the default. */
        private PasswordComplexity rules(VaultClient client, VaultRecord user) {
            if (complexity != null) {
                return PasswordComplexity.parse(complexity, specialChars);
            }
            PasswordComplexity base = stored(client, user).orElse(PasswordComplexity.DEFAULT);
            return specialChars == null ? base : PasswordComplexity.parse(base.spec(), specialChars);
        }

        private static Optional<PasswordComplexity> stored(VaultClient client, VaultRecord user) {
            try {
                RotationInfo info = client.pam().rotationInfo(user.uid());
                return Optional.of(SealedRotationSettings.open(user.key(), info.settings()));
            } catch (CastellanException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    return Optional.empty();
                }
                throw e;
            } catch (CryptoException e) {
                return Optional.empty();
            }
        }
    }

    /** {@code pam rotation list}. */
    @Command(name = "list", description = "List the rotation settings of the pamUser records you can see.")
    static final class ListRotations extends PamSubcommand {
        @Override
        protected int execute() {
            VaultClient client = client();
            Printer printer = printer();
            try (Vault vault = open(client)) {
                List<RotationInfo> rotations = client.pam().listRotations();
                if (printer.json()) {
                    ArrayNode out = Printer.object().arrayNode();
                    rotations.forEach(r -> out.add(json(r, complexityOf(vault, r), title(vault, r.recordUid()))));
                    printer.json(out);
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (RotationInfo r : rotations) {
                        rows.add(List.of(r.recordUid(), title(vault, r.recordUid()), title(vault, r.resourceUid()),
                                title(vault, r.configUid()), r.rotationType(), r.scheduleType(), nextRun(r),
                                r.enabled() ? (r.noop() ? "noop" : "yes") : "no"));
                    }
                    printer.table(List.of("Record UID", "Title", "Resource", "Configuration", "Type", "Schedule",
                            "Next run", "Enabled"), rows);
                }
            }
            return 0;
        }
    }

    /** {@code pam rotation info UID}. */
    @Command(name = "info", description = "Show the rotation settings of one pamUser record, complexity included.")
    static final class Info extends PamSubcommand {
        @Parameters(paramLabel = "UID", description = "The pamUser record (UID or FOLDER/TITLE).")
        String record;

        @Override
        protected int execute() {
            VaultClient client = client();
            Printer printer = printer();
            try (Vault vault = open(client)) {
                VaultRecord user = vault.resolveRecord(record);
                RotationInfo r = client.pam().rotationInfo(user.uid());
                PasswordComplexity rules = complexityOf(vault, r);
                if (printer.json()) {
                    ObjectNode out = json(r, rules, user.title());
                    out.put("gatewayUid", r.gatewayUid());
                    r.features().forEach(out.putArray("features")::add);
                    printer.json(out);
                } else {
                    printer.table(List.of("Field", "Value"), List.of(
                            List.of("Record", r.recordUid() + " (" + user.title() + ")"),
                            List.of("Resource", r.resourceUid() + " (" + title(vault, r.resourceUid()) + ")"),
                            List.of("Configuration", r.configUid() + " (" + title(vault, r.configUid()) + ")"),
                            List.of("Gateway", r.gatewayUid() == null ? "" : r.gatewayUid()),
                            List.of("Rotation type", r.rotationType()),
                            List.of("Schedule", r.schedule().isNull() ? "ON_DEMAND" : r.schedule().toString()),
                            List.of("No-op", Boolean.toString(r.noop())),
                            List.of("Enabled", Boolean.toString(r.enabled())),
                            List.of("Next run", nextRun(r)),
                            List.of("Complexity", rules == null ? "(does not open)" : rules.spec()),
                            List.of("Special characters", rules == null ? "" : rules.specialChars())));
                }
            }
            return 0;
        }
    }

    /** The next run in UTC to the minute; FLAGGED when repeated failures stopped the schedule. */
    static String nextRun(RotationInfo r) {
        if (r.flaggedAt().isPresent()) {
            return "FLAGGED (" + r.consecutiveFailures() + " failures)";
        }
        return r.nextRunAt().map(NEXT_RUN::format).orElse("");
    }

    private static final java.time.format.DateTimeFormatter NEXT_RUN = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    static PasswordComplexity complexityOf(Vault vault, RotationInfo r) {
        return vault.record(r.recordUid()).map(v -> {
            try {
                return SealedRotationSettings.open(v.key(), r.settings());
            } catch (CryptoException | CastellanException e) {
                return null;
            }
        }).orElse(null);
    }

    static String title(Vault vault, String uid) {
        return vault.record(uid).map(VaultRecord::title).orElse("");
    }

    static ObjectNode json(RotationInfo r, PasswordComplexity rules, String title) {
        ObjectNode out = Printer.object().put("recordUid", r.recordUid()).put("title", title)
                .put("resourceUid", r.resourceUid()).put("configUid", r.configUid())
                .put("rotationType", r.rotationType()).put("noop", r.noop()).put("enabled", r.enabled());
        out.set("schedule", r.schedule());
        r.nextRunAt().ifPresentOrElse(at -> out.put("nextRunAt", at.toString()), () -> out.putNull("nextRunAt"));
        out.put("consecutiveFailures", r.consecutiveFailures());
        r.flaggedAt().ifPresentOrElse(at -> out.put("flaggedAt", at.toString()), () -> out.putNull("flaggedAt"));
        if (rules != null) {
            out.put("complexity", rules.spec()).put("specialChars", rules.specialChars());
        }
        return out;
    }
}
