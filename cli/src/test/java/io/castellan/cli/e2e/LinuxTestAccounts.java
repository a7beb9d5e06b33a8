package io.castellan.cli.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real Linux accounts behind the test sshd on 2222 (scripts/test-env), made with useradd/chpasswd and removed with
 * userdel; needs root, as the rotators' SSH tests do. The password goes to chpasswd on standard input only.
 */
final class LinuxTestAccounts {

    private LinuxTestAccounts() {
    }

    static void create(String name, String password) {
        requireRoot();
        run(null, "useradd", "-m", "-s", "/bin/bash", name);
        run(name + ":" + password + "\n", "chpasswd");
    }

    /** Lets {@code name} run chpasswd through sudo; sudo asks for the account's own password first. */
    static void allowSudoChpasswd(String name) throws IOException {
        Path file = sudoers(name);
        Files.writeString(file, name + " ALL=(root) /usr/sbin/chpasswd\n");
        run(null, "chmod", "0440", file.toString());
        run(null, "visudo", "-cf", file.toString());
    }

    /** Appends {@code publicKeyLine} to the account's authorized_keys (owned by it, 0600 in a 0700 .ssh). */
    static void installAuthorizedKey(String name, String publicKeyLine) {
        run(publicKeyLine.strip() + "\n", "bash", "-c", "set -e; d=~" + name + "/.ssh; mkdir -p $d;"
                + " cat >> $d/authorized_keys; chown -R " + name + ": $d; chmod 700 $d; chmod 600 $d/authorized_keys");
    }

    /** The account's authorized_keys as it stands. */
    static String authorizedKeys(String name) throws IOException {
        return Files.readString(Path.of("/home", name, ".ssh", "authorized_keys"));
    }

    static void remove(String name) {
        try {
            Files.deleteIfExists(sudoers(name));
        } catch (IOException ignored) {
            // best effort: userdel below is what matters
        }
        run(null, "bash", "-c", "pkill -u " + name + " || true; userdel -r -f " + name + " 2>/dev/null || true");
    }

    private static Path sudoers(String name) {
        return Path.of("/etc/sudoers.d/castellan-test-" + name);
    }

    private static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("this test creates Linux accounts (useradd) and must run as root, as CI"
                    + " does; it runs as " + System.getProperty("user.name"));
        }
    }

    private static void run(String stdin, String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command[0] + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(command[0] + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command[0] + " interrupted", e);
        }
    }
}
