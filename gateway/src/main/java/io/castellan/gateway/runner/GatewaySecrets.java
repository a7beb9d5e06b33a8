package io.castellan.gateway.runner;

import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.sdk.Secret;
import io.castellan.sdk.Secrets;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.TransactionType;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's vault access for job handlers: the Secrets Manager calls handlers need, each one registering every
 * secret value it reads (or is about to write) with the {@link SecretScrubber} before the value can reach a log
 * line or a job summary. Handlers use this instead of the {@link SecretsManager} itself, so that no fetched value
 * escapes registration. What the gateway may read is what its application was granted; the server enforces that.
 */
public final class GatewaySecrets {

    private final SecretsManager manager;
    private final SecretScrubber scrubber;

    /**
     * @param manager the gateway's device client
     * @param scrubber where fetched values are registered
     */
    public GatewaySecrets(SecretsManager manager, SecretScrubber scrubber) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
    }

    /**
     * @param recordUids the records wanted (an empty list means every record the application may read)
     * @return the records, their secret values registered
     */
    public Secrets getSecrets(List<String> recordUids) {
        Secrets secrets = manager.getSecrets(recordUids);
        secrets.records().forEach(this::register);
        return secrets;
    }

    /**
     * Like {@link #getSecrets}, with each record's pending rotation data (Castellan extension); pending values are
     * registered too.
     *
     * @param recordUids the records wanted
     * @return the records
     */
    public Secrets getSecretsWithPending(List<String> recordUids) {
        Secrets secrets = manager.getSecretsWithPending(recordUids);
        for (Secret s : secrets.records()) {
            register(s);
            s.pendingData().ifPresent(p -> SecretValues.of(p).forEach(scrubber::register));
        }
        return secrets;
    }

    /**
     * @param notation e.g. {@code keeper://UID/field/password}
     * @return the value, registered whatever the field is (a notation is asked for because the value matters)
     */
    public String getNotationValue(String notation) {
        String value = manager.getNotationValue(notation);
        scrubber.register(value);
        return value;
    }

    /**
     * @param notation e.g. {@code keeper://UID/field/password}
     * @return every value it selects, each registered
     */
    public List<String> getNotationResults(String notation) {
        List<String> values = manager.getNotationResults(notation);
        values.forEach(scrubber::register);
        return values;
    }

    /**
     * Saves a changed record; its secret values are registered first, so a failure quoting the new value is
     * scrubbed too.
     *
     * @param secret the changed record
     * @param type {@code null} for a plain update, {@link TransactionType#ROTATION} for one that waits for
     *     {@link #completeTransaction}
     */
    public void updateSecret(Secret secret, TransactionType type) {
        register(secret);
        manager.updateSecret(secret, type);
    }

    /**
     * @param file an attachment of a record read through this object
     * @return its decrypted content (for example a post-rotation script)
     */
    public byte[] downloadFile(io.castellan.sdk.SecretFile file) {
        return manager.downloadFile(file);
    }

    /** Commits ({@code rollback false}) or discards a pending rotation of the record. */
    public void completeTransaction(String recordUid, boolean rollback) {
        manager.completeTransaction(recordUid, rollback);
    }

    /** @param value a secret the handler made itself (a new password) and is about to use; registered at once */
    public void registerNew(String value) {
        scrubber.register(value);
    }

    private void register(Secret secret) {
        SecretValues.of(secret.data()).forEach(scrubber::register);
    }
}
