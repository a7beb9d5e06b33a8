package io.castellan.cli.vault;

import io.castellan.client.VaultClient;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan share-record UID|PATH -e EMAIL ...}: shares a record directly (its key sealed to each recipient's
 * public key), optionally expiring, or revokes the share with {@code --revoke}.
 */
@Command(name = "share-record",
        description = "Share a record with users (read-only unless --can-edit), or --revoke a share.")
public final class ShareRecordCommand extends VaultCommand {

    @Parameters(paramLabel = "UID|PATH", description = "The record.")
    String target;

    @Option(names = {"-e", "--email"}, required = true, paramLabel = "EMAIL", description = "Recipient (repeatable).")
    List<String> emails;

    @Option(names = "--can-edit", description = "The recipient may edit the record.")
    boolean canEdit;

    @Option(names = "--can-share", description = "The recipient may share it on.")
    boolean canShare;

    @Option(names = "--expire-in", paramLabel = "DURATION", description = "End the share after 30m, 1h, 2d, 1w...")
    String expireIn;

    @Option(names = "--expire-at", paramLabel = "TIME", description = "End the share at an ISO-8601 time.")
    String expireAt;

    @Option(names = "--rotate-on-expiration", description = "Rotate the pamUser's credential when the share ends"
            + " (needs --expire-in or --expire-at and rotation settings).")
    boolean rotateOnExpiration;

    @Option(names = "--revoke", description = "Remove the share instead.")
    boolean revoke;

    @Override
    protected int execute() {
        if (revoke && (canEdit || canShare || expireIn != null || expireAt != null || rotateOnExpiration)) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "--revoke takes no permission or expiry options");
        }
        Instant expiresAt = revoke ? null : Expiry.parse(expireIn, expireAt, Clock.systemUTC(), ZoneId.systemDefault());
        if (rotateOnExpiration && expiresAt == null) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "--rotate-on-expiration needs --expire-in or --expire-at: only a share that ends can rotate then");
        }
        VaultClient client = client();
        try (Vault vault = open(client)) {
            VaultRecord record = vault.resolveRecord(target);
            for (String email : emails) {
                if (revoke) {
                    client.sharing().unshareRecord(record.uid(), email);
                    printer().line("Revoked the share of " + record.uid() + " with " + email + ".");
                } else {
                    client.sharing().shareRecord(record, email, canEdit, canShare, expiresAt, rotateOnExpiration);
                    printer().line("Shared " + record.uid() + " with " + email
                            + (expiresAt == null ? "" : " until " + expiresAt)
                            + (rotateOnExpiration ? ", rotating its credential then" : "") + ".");
                }
            }
        }
        return 0;
    }
}
