package io.castellan.store;

/** A live record granted to an application directly (a grant of kind {@code record}). */
public record AppRecordGrant(AppGrant grant, StoredRecord record) {
}
