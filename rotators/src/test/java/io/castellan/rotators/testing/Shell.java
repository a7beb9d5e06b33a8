package io.castellan.rotators.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs local commands for test setup; fails loudly with the command's output. */
public final class Shell {

    private Shell() {
    }

    public static String run(String stdin, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("command failed: " + List.of(command) + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + List.of(command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Fails with a message naming what is missing unless the tests run as root (they create Linux accounts). */
    public static void requireRoot() {
        String uid = run(null, "id", "-u").trim();
        if (!uid.equals("0")) {
            throw new IllegalStateException("the Linux rotator tests create and remove real accounts with useradd/userdel "
                    + "and must run as root (CI does); running as uid " + uid);
        }
    }
}
