package io.castellan.cli.pam;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.support.Printer;
import io.castellan.client.VaultClient;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.time.Duration;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code castellan pam action rotate -r UID [--wait]}: queues a rotation now; with {@code --wait}, follows it. */
@Command(name = "rotate", description = "Rotate a pamUser record's credential now (through its gateway).")
final class RotateActionCommand extends PamSubcommand {

    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "REJECTED", "TIMED_OUT");

    @Option(names = {"-r", "--record"}, required = true, paramLabel = "UID",
            description = "The pamUser record (UID or FOLDER/TITLE).")
    String record;

    @Option(names = "--wait", description = "Wait for the job to finish and print its outcome.")
    boolean waitForJob;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    protected int execute() throws InterruptedException {
        VaultClient client = client();
        Printer printer = printer();
        String uid;
        try (Vault vault = open(client)) {
            uid = vault.resolveRecord(record).uid();
        }
        String jobId = client.pam().rotate(uid);
        if (!waitForJob) {
            print(printer, jobId, null);
            return 0;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (true) {
            JsonNode job = client.pam().jobInfo(jobId);
            String state = job.path("state").asText("").toUpperCase(java.util.Locale.ROOT);
            if (TERMINAL.contains(state)) {
                print(printer, jobId, job);
                if (!"SUCCEEDED".equals(state)) {
                    throw new CastellanException(ErrorCode.TARGET_FAILED, "rotation job " + jobId + " ended "
                            + state.toLowerCase(java.util.Locale.ROOT) + ": " + job.path("summary").asText(""));
                }
                return 0;
            }
            if (System.nanoTime() > deadline) {
                throw new CastellanException(ErrorCode.TIMEOUT, "job " + jobId + " is still "
                        + state.toLowerCase(java.util.Locale.ROOT) + " after "
                        + timeoutSeconds + " seconds; see 'pam action job-info " + jobId + "'");
            }
            Thread.sleep(1000);
        }
    }

    private static void print(Printer printer, String jobId, JsonNode job) {
        if (printer.json()) {
            printer.json(job == null ? Printer.object().put("jobId", jobId) : job);
        } else if (job == null) {
            printer.line(jobId);
        } else {
            printer.line(jobId + " " + job.path("state").asText("") + " " + job.path("summary").asText(""));
        }
    }
}
