package io.castellan.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The catalogue is complete (every event-type constant of the server is in it), has at least the 60 types the
 * product promises, lists each once, and docs/audit.md carries exactly its table.
 */
class AuditCatalogueTest {

    /** Every class that declares event-type constants; a new one must be added here (and to the catalogue). */
    private static final List<String> EVENT_CLASSES = List.of("io.castellan.server.audit.AuditEventType",
            "io.castellan.server.vault.VaultAuditEvents", "io.castellan.server.router.GatewayAuditEvents",
            "io.castellan.server.device.DeviceAuditEvents", "io.castellan.server.sm.SmAuditEvents",
            "io.castellan.server.pam.PamAuditEvents", "io.castellan.server.scheduler.SchedulerAuditEvents");

    @Test
    void everyEmittedTypeIsCataloguedOnce() throws Exception {
        List<String> catalogued = AuditCatalogue.all().stream().map(AuditCatalogue.Entry::type).toList();
        assertThat(new HashSet<>(catalogued)).hasSameSizeAs(catalogued);
        assertThat(catalogued).hasSizeGreaterThanOrEqualTo(60);
        List<String> declared = new ArrayList<>();
        for (String name : EVENT_CLASSES) {
            for (Field f : Class.forName(name).getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                        && !f.getName().endsWith("ACTOR")) {
                    f.setAccessible(true);
                    declared.add((String) f.get(null));
                }
            }
        }
        assertThat(declared).hasSizeGreaterThan(60);
        assertThat(catalogued).containsAll(declared);
        assertThat(declared).as("every catalogued type has a constant someone emits").containsAll(catalogued);
    }

    @Test
    void eachEntryHasACategoryAndADescription() {
        Set<String> categories = Set.of("account", "enterprise", "vault", "sharing", "applications", "devices",
                "gateway", "configuration", "rotation", "audit");
        for (AuditCatalogue.Entry e : AuditCatalogue.all()) {
            assertThat(e.type()).matches("[a-z][a-z_]*[a-z]");
            assertThat(categories).contains(e.category());
            assertThat(e.description()).isNotBlank().doesNotContain("|");
        }
    }

    @Test
    void docsAuditMdCarriesTheCatalogueTable() throws Exception {
        Path docs = Path.of("..", "docs", "audit.md");
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        String begin = "<!-- catalogue:begin -->\n";
        String end = "<!-- catalogue:end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertThat(from).as("docs/audit.md has the catalogue markers").isNotNegative();
        assertThat(text.substring(from + begin.length(), to))
                .as("docs/audit.md's table; regenerate it from AuditCatalogue.markdownTable()")
                .isEqualTo(AuditCatalogue.markdownTable());
    }
}
