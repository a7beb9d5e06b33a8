package io.castellan.store;

/**
 * The opened store. Placeholder signature: the store module's implementation replaces the body.
 */
public final class Store implements AutoCloseable {

    private Store() {
    }

    /** Opens (creating and migrating if needed) the store described by {@code config}. */
    public static Store open(StoreConfig config) {
        throw new UnsupportedOperationException("store not built yet");
    }

    @Override
    public void close() {
    }
}
