package io.castellan.server.vault;

import io.castellan.store.RecordKey;

/**
 * What else happens when the sweeper deletes an expired share that asked for {@code rotateOnExpiration}: called in
 * the deleting transaction (so whatever it stores commits or rolls back with the deletion), it returns the work to do
 * once that transaction committed.
 */
@FunctionalInterface
public interface ShareExpiryListener {

    /** Does nothing (a server without rotation). */
    ShareExpiryListener NONE = share -> () -> { };

    /**
     * @param share the deleted share (its record, its former holder)
     * @return what to run after the commit (for instance, sending a job it stored)
     */
    Runnable expired(RecordKey share);
}
