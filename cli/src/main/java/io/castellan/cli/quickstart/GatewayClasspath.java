package io.castellan.cli.quickstart;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the gateway agent's classes are. The {@code ./castellan} launcher builds the gateway jar before a quickstart
 * and names it in {@value #ENV}; a JVM that already has the gateway on its class path (the tests) uses that; else the
 * jar is looked up next to this one in a source tree ({@code cli/target} → {@code gateway/target}).
 */
final class GatewayClasspath {

    static final String ENV = "CASTELLAN_GATEWAY_JAR";
    static final String MAIN = "io.castellan.gateway.GatewayMain";

    private GatewayClasspath() {
    }

    static String resolve() {
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            if (!Files.isRegularFile(Path.of(fromEnv))) {
                throw new QuickstartException(ENV + " names " + fromEnv + ", which is not a file");
            }
            return fromEnv;
        }
        try {
            Class.forName(MAIN, false, GatewayClasspath.class.getClassLoader());
            return System.getProperty("java.class.path");
        } catch (ClassNotFoundException notHere) {
            // the usual case: the CLI jar does not contain the gateway
        }
        Path sibling = besideThisJar();
        if (sibling != null && Files.isRegularFile(sibling)) {
            return sibling.toString();
        }
        throw new QuickstartException("the gateway jar is not built: run './castellan-gateway --version' once (it"
                + " builds gateway/target/castellan-gateway.jar), or set " + ENV);
    }

    private static Path besideThisJar() {
        try {
            Path self = Path.of(GatewayClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path moduleTarget = self.getParent();
            if (moduleTarget == null || moduleTarget.getParent() == null || moduleTarget.getParent().getParent() == null) {
                return null;
            }
            return moduleTarget.getParent().getParent().resolve("gateway/target/castellan-gateway.jar");
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
