package io.castellan.rotators.ssh;

import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * Talks to {@code passwd} on a pseudo-terminal (it reads passwords from the terminal, not from a pipe): answers
 * "Current password:" with the old password and "New password:"/"Retype new password:" with the new one.
 */
final class PasswdConversation {

    private static final int MAX_TRANSCRIPT = 16 * 1024;

    private PasswdConversation() {
    }

    static void run(ClientSession session, char[] current, char[] next, Duration timeout, String where) throws RotationException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ChannelExec ch = session.createExecChannel("LC_ALL=C passwd")) {
            ch.setUsePty(true);
            ch.open().verify(timeout);
            InputStream out = ch.getInvertedOut();
            OutputStream in = ch.getInvertedIn();
            StringBuilder seen = new StringBuilder();
            for (int prompts = 0; prompts < 4; prompts++) {
                String prompt = readUntilPrompt(out, seen, deadline, where).toLowerCase(Locale.ROOT);
                write(in, prompt.contains("current") ? current : next);
                if (prompt.contains("retype") || prompt.contains("again")) {
                    break;
                }
            }
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            Integer status = ch.getExitStatus();
            if (status == null || status != 0) {
                String lower = seen.toString().toLowerCase(Locale.ROOT);
                if (lower.contains("authentication token manipulation") || lower.contains("authentication failure")) {
                    throw new RotationException(FailureKind.AUTH_FAILED, where + " failed: the current password was rejected");
                }
                throw new RotationException(FailureKind.REFUSED_BY_POLICY, where + " failed: passwd refused the new password"
                        + (status == null ? "" : " (status " + status + ")"));
            }
        } catch (IOException e) {
            throw new RotationException(FailureKind.UNEXPECTED, where + " failed: the terminal session broke ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Reads output until it ends with a password prompt (": "), returning the prompt's line. */
    private static String readUntilPrompt(InputStream out, StringBuilder seen, long deadline, String where)
            throws IOException, RotationException {
        int lineStart = seen.length();
        while (System.nanoTime() < deadline) {
            if (out.available() == 0) {
                String tail = seen.substring(lineStart).toLowerCase(Locale.ROOT);
                if (tail.contains("password") && tail.stripTrailing().endsWith(":")) {
                    int nl = Math.max(seen.lastIndexOf("\n"), seen.lastIndexOf("\r"));
                    String line = seen.substring(Math.max(lineStart, nl + 1));
                    return line.isBlank() ? tail : line;
                }
                sleepBriefly();
                continue;
            }
            int b = out.read();
            if (b < 0) {
                throw new RotationException(FailureKind.REFUSED_BY_POLICY, where + " failed: passwd ended before asking for the new password");
            }
            if (seen.length() < MAX_TRANSCRIPT) {
                seen.append((char) b);
            }
            if (b == '\n' && seen.length() >= lineStart) {
                lineStart = seen.length();
            }
        }
        throw new RotationException(FailureKind.UNEXPECTED, where + " failed: passwd did not prompt in time");
    }

    private static void write(OutputStream in, char[] answer) throws IOException {
        byte[] bytes = RemoteCommand.toUtf8(answer);
        try {
            in.write(bytes);
            in.write('\n');
            in.flush();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
