package io.castellan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpAndUsageTest {

    private static final List<String> USER_COMMANDS = List.of("login", "logout", "whoami", "register", "mkdir",
            "rmdir", "ls", "tree", "record-add", "record-update", "get", "rm", "mv", "share-record", "share-folder",
            "record-history", "upload-attachment", "download-attachment", "enterprise-user", "enterprise-team",
            "enterprise-role", "secrets-manager");

    @Test
    void everyCommandIsMounted() {
        assertThat(Main.commandLine().getSubcommands().keySet()).containsAll(USER_COMMANDS);
    }

    @Test
    void helpOfEveryCommandAndSubcommandWorks() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        paths.removeIf(p -> !USER_COMMANDS.contains(p.get(0)) && !p.contains("init-admin"));
        assertThat(paths.size()).isGreaterThan(USER_COMMANDS.size());
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Result r = Cli.run(args.toArray(new String[0]));
            assertThat(r.exit()).as("%s", args).isZero();
            assertThat(r.out()).as("%s", args).startsWith("Usage: castellan " + String.join(" ", path));
        }
    }

    @Test
    void everyUserCommandHasTheGlobalOptions() {
        CommandLine root = Main.commandLine();
        List<List<String>> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths);
        for (List<String> path : paths) {
            CommandLine cmd = root;
            for (String name : path) {
                cmd = cmd.getSubcommands().get(name);
            }
            if (cmd.getSubcommands().isEmpty() && !path.equals(List.of("version"))
                    && (path.get(0).startsWith("enterprise") || USER_COMMANDS.contains(path.get(0)))) {
                for (String option : new String[] {"--server", "--config", "--ca-file", "--format"}) {
                    assertThat(cmd.getCommandSpec().findOption(option)).as("%s %s", path, option).isNotNull();
                }
            }
        }
    }

    @Test
    void usageErrorsAreOneLineWithExitCodeTwo() {
        for (String[] args : new String[][] {{"ls", "--bogus"}, {"login"}, {"record-add", "-t", "x"},
            {"share-record", "UID"}, {"mv", "a"}, {"get", "--format", "xml", "x"}, {"enterprise-user", "add"},
            {"secrets-manager", "client", "add"}, {"secrets-manager", "share", "add", "--app", "A"},
            {"secrets-manager", "client", "add", "--app", "A", "--config-init", "xml"},
            {"secrets-manager", "client", "add", "--app", "A", "--count", "many"}}) {
            Cli.Result r = Cli.run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().lines()).as(String.join(" ", args)).singleElement()
                    .satisfies(line -> assertThat(line).startsWith("castellan: ").contains("--help"));
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void unexpectedArgumentsAreNotEchoed() {
        Cli.Result r = Cli.run("logout", "hunter2");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unexpected argument").doesNotContain("hunter2");
    }

    @Test
    void thereIsNoPasswordOption() {
        CommandLine root = Main.commandLine();
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            assertThat(e.getValue().getCommandSpec().findOption("--password")).as(e.getKey()).isNull();
        }
    }

    private static void collect(CommandLine cmd, List<String> prefix, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path);
            collect(e.getValue(), path, out);
        }
    }
}
