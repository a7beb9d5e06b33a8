package io.castellan.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layout is the architecture; these rules keep it so. Crypto and the model are pure (no web framework,
 * no JDBC, no network, no files for crypto), shared modules never reach up into deployables, and deployables do not
 * reach into each other.
 */
class LayeringTest {

    private static JavaClasses classes;

    /** Packages of web frameworks, HTTP stacks, JDBC and networking that pure code must never touch. */
    private static final String[] WEB_JDBC_NETWORK = {
        "io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..", "javax.servlet..",
        "java.sql..", "javax.sql..", "org.jdbi..", "org.flywaydb..", "com.zaxxer..", "org.postgresql..", "org.sqlite..",
        "java.net..", "javax.net..", "java.net.http..", "org.apache.sshd..", "com.unboundid.."
    };

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.castellan");
    }

    @Test
    void everyModuleIsOnTheClasspathOfThisTest() {
        for (String module : new String[] {"crypto", "model", "store", "sdk", "rotators", "server", "gateway", "cli"}) {
            assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith("io.castellan." + module)))
                    .as("classes of module %s imported", module)
                    .isTrue();
        }
    }

    @Test
    void cryptoIsPure() {
        ArchRule rule = noClasses().that().resideInAPackage("io.castellan.crypto..")
                .should().dependOnClassesThat().resideInAnyPackage(WEB_JDBC_NETWORK)
                .orShould().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "org.slf4j..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .because("crypto does no I/O and must run the same in the CLI, the gateway and the server");
        rule.check(classes);
    }

    @Test
    void modelIsPure() {
        noClasses().that().resideInAPackage("io.castellan.model..")
                .should().dependOnClassesThat().resideInAnyPackage(WEB_JDBC_NETWORK)
                .because("records, record types and wire messages are data, shared by every deployable")
                .check(classes);
    }

    @Test
    void sharedModulesDoNotReachIntoDeployables() {
        noClasses().that().resideInAnyPackage("io.castellan.crypto..", "io.castellan.model..",
                        "io.castellan.store..", "io.castellan.sdk..", "io.castellan.rotators..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.castellan.server..", "io.castellan.gateway..", "io.castellan.cli..")
                .check(classes);
    }

    @Test
    void cryptoAndModelKnowNothingOfStorageOrSdk() {
        noClasses().that().resideInAnyPackage("io.castellan.crypto..", "io.castellan.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.castellan.store..", "io.castellan.sdk..")
                .check(classes);
    }

    @Test
    void gatewayNeverTouchesTheServerOrItsStore() {
        noClasses().that().resideInAPackage("io.castellan.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("io.castellan.server..", "io.castellan.store..",
                        "io.castellan.cli..")
                .because("the gateway talks to the server only over the network, through the SDK")
                .check(classes);
    }

    @Test
    void rotatorsKnowOnlyTheirTargets() {
        noClasses().that().resideInAPackage("io.castellan.rotators..")
                .should().dependOnClassesThat().resideInAnyPackage("io.castellan.store..", "io.castellan.sdk..",
                        "io.castellan.client..", "io.javalin..", "org.eclipse.jetty..")
                .because("a rotator changes a credential on a target; the vault and the Router are the job's business")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.castellan.server..", "io.castellan.cli..", "io.castellan.store..")
                .should().dependOnClassesThat().resideInAPackage("io.castellan.rotators..")
                .because("only the gateway talks to targets")
                .check(classes);
    }

    @Test
    void sdkIsAClientOnly() {
        noClasses().that().resideInAPackage("io.castellan.sdk..")
                .should().dependOnClassesThat().resideInAnyPackage("io.castellan.store..", "io.javalin..",
                        "org.eclipse.jetty.server..")
                .check(classes);
    }
}
