package io.castellan.rotators.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Real Linux accounts for the SSH tests, created with useradd and removed with userdel (root only). */
public final class LinuxAccounts {

    private LinuxAccounts() {
    }

    public static void create(String name, char[] password) {
        Shell.requireRoot();
        Shell.run(null, "useradd", "-m", "-s", "/bin/bash", name);
        Shell.run(name + ":" + new String(password) + "\n", "chpasswd");
    }

    /** Lets the account run chpasswd through sudo, with or without sudo asking for its password. */
    public static void allowSudoChpasswd(String name, boolean passwordless) throws java.io.IOException {
        Path file = sudoersFile(name);
        Files.writeString(file, name + " ALL=(root) " + (passwordless ? "NOPASSWD: " : "") + "/usr/sbin/chpasswd\n");
        Shell.run(null, "chmod", "0440", file.toString());
        Shell.run(null, "visudo", "-cf", file.toString());
    }

    public static void installAuthorizedKey(String name, String publicKeyLine) {
        Shell.run(publicKeyLine.trim() + "\n", "bash", "-c", "set -e; d=~" + name + "/.ssh; mkdir -p $d; cat >> $d/authorized_keys; "
                + "chown -R " + name + ": $d; chmod 700 $d; chmod 600 $d/authorized_keys");
    }

    public static String authorizedKeys(String name) {
        return Shell.run(null, "bash", "-c", "cat ~" + name + "/.ssh/authorized_keys");
    }

    public static void remove(String name) {
        try {
            Files.deleteIfExists(sudoersFile(name));
        } catch (java.io.IOException ignored) {
            // best effort; userdel below is what matters
        }
        Shell.run(null, "bash", "-c", "pkill -u " + name + " || true; userdel -r -f " + name + " 2>/dev/null || userdel -f " + name + " || true");
    }

    private static Path sudoersFile(String name) {
        return Path.of("/etc/sudoers.d/castellan-test-" + name);
    }
}
