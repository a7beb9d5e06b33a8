package io.castellan.store;

/**
 * A share the expiry sweep deleted.
 *
 * @param key                the deleted row
 * @param rotateOnExpiration whether the share asked that the record's credential be rotated when it ends
 */
public record ExpiredShare(RecordKey key, boolean rotateOnExpiration) {
}
