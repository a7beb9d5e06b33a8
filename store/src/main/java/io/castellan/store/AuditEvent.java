package io.castellan.store;

/**
 * A stored audit event.
 *
 * @param seq      1, 2, 3, ... in append order, without gaps
 * @param prevHash the {@code hash} of event {@code seq - 1} ({@link AuditChainHash#GENESIS} for the first)
 * @param hash     {@link AuditChainHash#of} this event's content and {@code prevHash}
 */
public record AuditEvent(long seq, NewAuditEvent event, String prevHash, String hash) {
}
