package io.castellan.gateway.rotation;

import io.castellan.crypto.Wipe;
import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.gateway.runner.GatewaySecrets;
import io.castellan.model.record.PamRecord;
import io.castellan.model.record.RecordData;
import io.castellan.model.record.RecordField;
import io.castellan.model.record.RotationScript;
import io.castellan.sdk.Secret;
import io.castellan.sdk.SecretFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the post-rotation scripts attached to a pamUser ({@code script} field {@code rotationScripts}: the attached
 * file and an optional interpreter command) after its rotation committed. Each script is written to a private
 * temporary directory (0700) and run by its interpreter — the script's {@code command}, else the record's custom
 * field {@code Shell}, else {@code pwsh} for {@code .ps1} files and {@code /bin/sh} for the rest — with the
 * {@link ScriptInput} JSON on standard input and no secret in its arguments or environment. Its output is captured
 * (bounded), scrubbed of every registered secret and logged; a time limit applies; the exit status is reported.
 */
final class PostRotationScripts {

    static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(PostRotationScripts.class);

    private final GatewaySecrets secrets;
    private final SecretScrubber scrubber;
    private final Duration timeout;

    PostRotationScripts(GatewaySecrets secrets, SecretScrubber scrubber, Duration timeout) {
        this.secrets = secrets;
        this.scrubber = scrubber;
        this.timeout = timeout;
    }

    /** @return the scripts a pamUser names (empty when none) */
    static List<RotationScript> of(RecordData user) {
        return PamRecord.of(user).scripts("rotationScripts").stream().filter(s -> !s.fileRef().isBlank()).toList();
    }

    List<ScriptRun> run(Secret user, ScriptInput input) {
        List<ScriptRun> runs = new ArrayList<>();
        for (RotationScript script : of(user.data())) {
            Optional<SecretFile> file = user.files().stream().filter(f -> f.uid().equals(script.fileRef())).findFirst();
            if (file.isEmpty()) {
                runs.add(new ScriptRun(script.fileRef(), -1, false, "the script's attachment is not on the record"));
                continue;
            }
            runs.add(runOne(file.get(), script.command(), customText(user.data(), "Shell"), input));
        }
        return runs;
    }

    private ScriptRun runOne(SecretFile file, String command, String shell, ScriptInput input) {
        String name = file.name().isBlank() ? file.uid() : file.name();
        List<String> interpreter = interpreter(name, command, shell);
        Path dir = null;
        byte[] stdin = null;
        try {
            dir = Files.createTempDirectory("castellan-script-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path script = dir.resolve("script");
            Files.write(script, secrets.downloadFile(file));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            List<String> argv = new ArrayList<>(interpreter);
            argv.add(script.toString());
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> !List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER").contains(k));
            env.put("CASTELLAN_JOB_ID", input.jobId());
            env.put("CASTELLAN_USER_UID", input.userUid());
            env.put("CASTELLAN_RESOURCE_UID", input.resourceUid());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return new ScriptRun(name, -1, false, "cannot start " + interpreter.getFirst() + ": "
                        + scrubber.scrub(e.getMessage()));
            }
            stdin = input.toJson();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                LOG.debug("job {}: script {} closed its input early", input.jobId(), name);
            }
            OutputCapture capture = OutputCapture.start(p.getInputStream());
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            log(input.jobId(), name, capture.text());
            return new ScriptRun(name, done ? p.exitValue() : -1, !done, null);
        } catch (IOException e) {
            return new ScriptRun(name, -1, false, "cannot prepare the script: " + scrubber.scrub(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ScriptRun(name, -1, true, null);
        } finally {
            Wipe.wipe(stdin);
            delete(dir);
        }
    }

    private void log(String jobId, String name, String output) {
        for (String line : scrubber.scrub(output).split("\n")) {
            if (!line.isBlank()) {
                LOG.info("job {}: script {}: {}", jobId, name, line);
            }
        }
    }

    static List<String> interpreter(String fileName, String command, String shell) {
        if (command != null && !command.isBlank()) {
            return List.of(command.trim().split("\\s+"));
        }
        if (shell != null && !shell.isBlank()) {
            return List.of(shell.trim().split("\\s+"));
        }
        return fileName.toLowerCase(Locale.ROOT).endsWith(".ps1") ? List.of("pwsh", "-NonInteractive", "-File")
                : List.of("/bin/sh");
    }

    static String customText(RecordData data, String label) {
        for (RecordField f : data.custom()) {
            if (f.hasLabel(label)) {
                return f.firstValueAsString().orElse("");
            }
        }
        return "";
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove the script directory {}", dir);
        }
    }

    /** Reads a process's output on a virtual thread, keeping the first {@link #MAX_OUTPUT_BYTES}. */
    private static final class OutputCapture {
        private final byte[] buffer = new byte[MAX_OUTPUT_BYTES];
        private int length;
        private final Thread thread;

        private OutputCapture(InputStream in) {
            this.thread = Thread.ofVirtual().start(() -> drain(in));
        }

        static OutputCapture start(InputStream in) {
            return new OutputCapture(in);
        }

        private void drain(InputStream in) {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (this) {
                        int keep = Math.min(n, buffer.length - length);
                        System.arraycopy(chunk, 0, buffer, length, keep);
                        length += keep;
                    }
                }
            } catch (IOException e) {
                // the process went away; keep what was read
            }
        }

        String text() throws InterruptedException {
            thread.join(Duration.ofSeconds(5));
            synchronized (this) {
                return new String(buffer, 0, length, StandardCharsets.UTF_8);
            }
        }
    }
}
