package io.castellan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/gateway.md names every gateway command and every option: it cannot drift from the code. */
class GatewayDocsTest {

    private static final Path DOC = Path.of("..", "docs", "gateway.md");

    @Test
    void everyCommandAndOptionIsDocumented() throws Exception {
        String doc = Files.readString(DOC);
        CommandLine root = GatewayMain.commandLine(GatewayEnvironment.forProcess());
        assertThat(root.getSubcommands().keySet()).containsExactlyInAnyOrder("version", "ott-init", "start");
        root.getSubcommands().forEach((name, command) -> {
            assertThat(doc).as("`castellan-gateway %s` in docs/gateway.md", name)
                    .contains("`castellan-gateway " + name);
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (!option.hidden()) {
                    assertThat(Pattern.compile(Pattern.quote(option.longestName()) + "(?![\\w-])").matcher(doc)
                            .find()).as("%s %s in docs/gateway.md", name, option.longestName()).isTrue();
                }
            }
        });
    }
}
