package io.castellan.store;

/** A user's role in an application shared with them; stored as {@code 'admin'} or {@code 'viewer'}. */
public enum AppRole {
    /** Manages the application's grants, devices and gateways (and may share it further). */
    ADMIN,
    /** Sees the application, its grants and clients, and may use its key. */
    VIEWER
}
