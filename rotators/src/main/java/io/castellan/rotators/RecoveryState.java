package io.castellan.rotators;

/** What {@link Rotator#probe} found after an interrupted rotation: lets the job roll forward or back. */
public enum RecoveryState {
    /** The pending (new) credential logs in: the change happened; commit it. */
    NEW_WORKS,
    /** Only the old credential logs in: the change did not happen; discard the pending one. */
    OLD_WORKS,
    /** Neither logs in: a person must look (the job must keep both). */
    NEITHER
}
