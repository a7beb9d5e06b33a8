package io.castellan.store;

/** What teams and roles share: unique names, reported as {@code DUPLICATE}. */
final class Groups {

    private Groups() {
    }

    /** A {@code DUPLICATE} StoreException when {@code e} is a unique violation, else {@code e} itself. */
    static RuntimeException duplicateOr(Transactions tx, RuntimeException e, String kind, String name) {
        if (tx.dialect().isUniqueViolation(e)) {
            return new StoreException(StoreException.Reason.DUPLICATE, "a " + kind + " named '" + name
                    + "' already exists", e);
        }
        return e;
    }
}
