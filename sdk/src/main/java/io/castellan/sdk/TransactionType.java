package io.castellan.sdk;

import io.castellan.model.ksm.UpdateSecretRequest;

/**
 * The {@code transactionType} of an {@code update_secret}. A {@link #ROTATION} update stays pending on the server
 * until {@link SecretsManager#completeTransaction(String, boolean)} commits or discards it, which is how a gateway
 * stores a new password <em>before</em> it changes the target and keeps the old one if the change fails.
 */
public enum TransactionType {

    /** An ordinary edit, visible at once. */
    GENERAL(UpdateSecretRequest.TRANSACTION_GENERAL),
    /** A password rotation: pending until finalised or rolled back. */
    ROTATION(UpdateSecretRequest.TRANSACTION_ROTATION);

    private final String wireName;

    TransactionType(String wireName) {
        this.wireName = wireName;
    }

    /** @return the value sent on the wire, {@code "general"} or {@code "rotation"} */
    public String wireName() {
        return wireName;
    }
}
