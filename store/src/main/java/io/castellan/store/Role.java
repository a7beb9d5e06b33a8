package io.castellan.store;

import java.time.Instant;

/** A row of {@code roles}: a named set of enforcement policies applied to its members. */
public record Role(String uid, String name, Instant createdAt, Instant updatedAt) {
}
