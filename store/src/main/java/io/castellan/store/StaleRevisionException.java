package io.castellan.store;

/**
 * An update named a revision that is no longer the current one: another writer changed the row first. The caller
 * should re-read the row, merge or ask the user, and retry with the new revision. Nothing was written.
 */
public final class StaleRevisionException extends StoreException {

    private final String uid;
    private final long expectedRevision;
    private final long actualRevision;

    public StaleRevisionException(String uid, long expectedRevision, long actualRevision) {
        super(Reason.CONFLICT, "record " + uid + " is at revision " + actualRevision + ", not the expected revision "
                + expectedRevision + ": somebody else changed it first; re-read it and retry");
        this.uid = uid;
        this.expectedRevision = expectedRevision;
        this.actualRevision = actualRevision;
    }

    /** The record that moved. */
    public String uid() {
        return uid;
    }

    /** The revision the caller based its change on. */
    public long expectedRevision() {
        return expectedRevision;
    }

    /** The revision the store holds now. */
    public long actualRevision() {
        return actualRevision;
    }
}
