package io.castellan.rotators.ssh;

import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/** Runs one command over an SSH session, feeding secrets through stdin (never the command line). */
final class RemoteCommand {

    /** Exit status and bounded output. Output is for classifying failures only, never for messages. */
    record Result(int exitStatus, String stdout, String stderr) {
    }

    private static final int MAX_OUTPUT = 64 * 1024;

    private RemoteCommand() {
    }

    static Result run(ClientSession session, String command, char[] stdin, Duration timeout, String kind) throws RotationException {
        ByteArrayOutputStream out = new BoundedOutput();
        ByteArrayOutputStream err = new BoundedOutput();
        byte[] input = stdin == null ? new byte[0] : toUtf8(stdin);
        try (ChannelExec ch = session.createExecChannel(command)) {
            ch.setOut(out);
            ch.setErr(err);
            ch.open().verify(timeout);
            try (OutputStream in = ch.getInvertedIn()) {
                in.write(input);
                in.flush();
            }
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            Integer status = ch.getExitStatus();
            if (status == null) {
                throw new RotationException(FailureKind.UNEXPECTED, kind + ": a remote command gave no exit status in time");
            }
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RotationException(FailureKind.UNEXPECTED, kind + ": running a remote command failed ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    static byte[] toUtf8(char[] chars) {
        java.nio.ByteBuffer b = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(chars));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return bytes;
    }

    /** Keeps the first 64 KiB: enough to classify, and a hostile target cannot fill memory. */
    private static final class BoundedOutput extends ByteArrayOutputStream {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = MAX_OUTPUT - count;
            if (room > 0) {
                super.write(b, off, Math.min(room, len));
            }
        }

        @Override
        public synchronized void write(int b) {
            if (count < MAX_OUTPUT) {
                super.write(b);
            }
        }
    }
}
