package io.castellan.cli.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.audit.AuditVerification;
import io.castellan.store.AuditChainBreak;
import java.io.IOException;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code castellan audit verify}: online, the server recomputes its chain and checks its checkpoints; with
 * {@code --file}, this CLI does the same to an export, trusting only the pinned {@code --server-public-key} for the
 * checkpoints' signatures. Exit 0 when intact; otherwise the break is printed and the exit code is
 * {@code store_corrupt}'s.
 */
@Command(name = "verify", description = "Verify the audit trail's hash chain and signed checkpoints, online or"
        + " offline against an export; names the first modified, deleted, inserted or reordered event.")
final class AuditVerifyCommand extends CastellanSubcommand {

    @Option(names = "--file", paramLabel = "FILE", description = "Verify this export offline instead of asking the"
            + " server.")
    Path file;

    @Option(names = "--server-public-key", paramLabel = "KEY", description = "The server's P-256 public key"
            + " (URL-safe base64 of the raw point, as online 'castellan audit verify' prints it) the checkpoints must"
            + " be signed with. Without it an offline check trusts the keys in the file and says so.")
    String serverPublicKey;

    @Override
    protected int execute() throws IOException {
        ObjectNode answer = file == null ? context().client().audit().verify() : offline();
        Printer printer = printer();
        boolean intact = answer.path("intact").asBoolean();
        if (printer.json()) {
            printer.json(answer);
        } else if (intact) {
            printer.line("Intact: " + answer.path("events").asLong() + " events, " + answer.path("checkpoints")
                    .asLong() + " signed checkpoints.");
            answer.path("serverKeys").forEach(k -> printer.line("Server key " + k.path("keyId").asInt() + ": "
                    + k.path("publicKey").asText()));
        } else {
            printer.line("BROKEN (" + answer.at("/break/kind").asText() + "): " + answer.at("/break/message")
                    .asText());
        }
        if (answer.has("warning")) {
            printer.note(answer.path("warning").asText());
        }
        return intact ? 0 : ErrorCode.STORE_CORRUPT.exitCode();
    }

    private ObjectNode offline() throws IOException {
        AuditExportFile export = AuditExportFile.read(file);
        Optional<ECPublicKey> pinned = Optional.ofNullable(serverPublicKey).map(AuditVerifyCommand::key);
        AuditVerification.Result result = AuditVerification.verify(export.events(), export.checkpoints(),
                c -> pinned.isPresent() ? pinned.filter(k -> Base64s.encodeWebSafe(EcKeys.rawPublicKey(k))
                        .equals(c.publicKey())) : keyIn(c.publicKey()));
        ObjectNode answer = Printer.object().put("intact", result.intact()).put("events", result.events())
                .put("checkpoints", result.checkpoints());
        result.problem().ifPresent(p -> describe(answer, p));
        if (pinned.isEmpty()) {
            answer.put("warning", "no --server-public-key given: the checkpoints were checked against the keys the"
                    + " file itself names, which proves nothing against someone who rewrote the file");
        }
        return answer;
    }

    private static void describe(ObjectNode answer, AuditChainBreak p) {
        ObjectNode found = answer.putObject("break").put("kind", p.kind().name().toLowerCase(Locale.ROOT))
                .put("seq", p.seq()).put("message", p.message());
        if (p.eventUid() != null) {
            found.put("eventUid", p.eventUid());
        }
    }

    private static Optional<ECPublicKey> keyIn(String webSafe) {
        try {
            return Optional.of(key(webSafe));
        } catch (CastellanException e) {
            return Optional.empty();
        }
    }

    private static ECPublicKey key(String webSafe) {
        try {
            return EcKeys.publicKeyFromRaw(Base64s.decodeWebSafe(webSafe));
        } catch (CryptoException | IllegalArgumentException e) {
            throw new CastellanException(ErrorCode.VALIDATION_FAILED,
                    "the server public key must be a P-256 point in URL-safe base64");
        }
    }
}
