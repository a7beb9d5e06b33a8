package io.castellan.store;

/** Lifecycle of a vault user; stored as {@code 'active'}, {@code 'disabled'} or {@code 'invited'}. */
public enum UserStatus {
    /** Can log in. */
    ACTIVE,
    /** Kept (with all data) but cannot log in. */
    DISABLED,
    /** Created by an admin; has no keys until the user sets a master password. */
    INVITED
}
