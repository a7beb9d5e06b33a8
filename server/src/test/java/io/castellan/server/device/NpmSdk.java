package io.castellan.server.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Installs the unmodified Keeper npm SDK once into {@code target/ksm-npm} (or uses {@code -Dcastellan.ksmNpmDir}). */
final class NpmSdk {

    static final String PACKAGE = "@keeper-security/secrets-manager-core@17.5.0";

    private NpmSdk() {
    }

    static Path installed() throws IOException, InterruptedException {
        String configured = System.getProperty("castellan.ksmNpmDir");
        Path dir = configured == null || configured.isBlank() ? Path.of("target", "ksm-npm").toAbsolutePath()
                : Path.of(configured);
        if (Files.isDirectory(dir.resolve("node_modules/@keeper-security/secrets-manager-core"))) {
            return dir;
        }
        Files.createDirectories(dir);
        ProcessBuilder npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                "--prefix", dir.toString(), PACKAGE).redirectErrorStream(true);
        Process process;
        try {
            process = npm.start();
        } catch (IOException e) {
            throw new AssertionError("this test needs Node.js and npm to run the Keeper npm SDK " + PACKAGE
                    + " (apt-get install nodejs npm; scripts/test-env installs them)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(240, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError("npm install " + PACKAGE + " failed:\n" + output);
        }
        return dir;
    }
}
