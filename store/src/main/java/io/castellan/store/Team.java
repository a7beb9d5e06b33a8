package io.castellan.store;

import java.time.Instant;

/** A row of {@code teams}: a named group of users for roles and administration. */
public record Team(String uid, String name, Instant createdAt, Instant updatedAt) {
}
