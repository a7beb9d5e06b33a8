package io.castellan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/cli.md names every top-level command, every secrets-manager subcommand and its options: it cannot drift. */
class CliDocsTest {

    private static final Path DOC = Path.of("..", "docs", "cli.md");
    private static final Set<String> GLOBAL = Set.of("--server", "--config", "--ca-file", "--format", "--help");

    private static String doc() throws Exception {
        assertThat(DOC).as("docs/cli.md, read from the cli module's directory").exists();
        return Files.readString(DOC);
    }

    /** {@code `NAME } or {@code `NAME`}: the command as written in a code span, optionally after "castellan ". */
    private static boolean documents(String doc, String command) {
        return Pattern.compile("`(castellan )?" + Pattern.quote(command) + "[ `]").matcher(doc).find();
    }

    @Test
    void everyTopLevelCommandIsDocumented() throws Exception {
        String doc = doc();
        Set<String> names = Main.commandLine().getSubcommands().keySet();
        assertThat(names).contains("secrets-manager", "login", "server");
        assertThat(names).allSatisfy(name -> assertThat(documents(doc, name)).as("`%s` in docs/cli.md", name)
                .isTrue());
    }

    @Test
    void everySecretsManagerCommandAndOptionIsDocumented() throws Exception {
        String doc = doc();
        List<CommandLine> leaves = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        collect(Main.commandLine().getSubcommands().get("secrets-manager"), "secrets-manager", paths, leaves);
        assertThat(paths).contains("secrets-manager app create", "secrets-manager app list",
                "secrets-manager app get", "secrets-manager app remove", "secrets-manager app share",
                "secrets-manager share add", "secrets-manager share remove", "secrets-manager client add",
                "secrets-manager client list", "secrets-manager client remove");
        assertThat(paths).allSatisfy(path -> assertThat(documents(doc, path)).as("`%s` in docs/cli.md", path)
                .isTrue());
        for (CommandLine leaf : leaves) {
            for (OptionSpec option : leaf.getCommandSpec().options()) {
                if (!option.hidden() && !GLOBAL.contains(option.longestName())) {
                    assertThat(Pattern.compile(Pattern.quote(option.longestName()) + "(?![\\w-])").matcher(doc)
                            .find()).as("%s %s in docs/cli.md", leaf.getCommandName(), option.longestName()).isTrue();
                }
            }
        }
    }

    @Test
    void everyPamCommandAndOptionIsDocumented() throws Exception {
        String doc = doc();
        List<CommandLine> leaves = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        collect(Main.commandLine().getSubcommands().get("pam"), "pam", paths, leaves);
        assertThat(paths).contains("pam config new", "pam config list", "pam config edit", "pam rotation edit",
                "pam rotation list", "pam rotation info", "pam action rotate", "pam gateway new", "pam gateway list",
                "pam gateway remove", "pam action gateway-info", "pam action job-info");
        assertThat(paths).allSatisfy(path -> assertThat(documents(doc, path)).as("`%s` in docs/cli.md", path)
                .isTrue());
        for (CommandLine leaf : leaves) {
            for (OptionSpec option : leaf.getCommandSpec().options()) {
                if (!option.hidden() && !GLOBAL.contains(option.longestName())) {
                    assertThat(Pattern.compile(Pattern.quote(option.longestName()) + "(?![\\w-])").matcher(doc)
                            .find()).as("%s %s in docs/cli.md", leaf.getCommandName(), option.longestName()).isTrue();
                }
            }
        }
    }

    private static void collect(CommandLine cmd, String path, List<String> paths, List<CommandLine> leaves) {
        paths.add(path);
        if (cmd.getSubcommands().isEmpty()) {
            leaves.add(cmd);
        }
        for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
            collect(e.getValue(), path + " " + e.getKey(), paths, leaves);
        }
    }
}
