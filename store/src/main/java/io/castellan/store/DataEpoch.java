package io.castellan.store;

/**
 * The counter every committed change to a table that a Secrets Manager device's {@code get_secret} answer is built
 * from moves forward (migration V14: triggers in the writing transaction, so no code path can forget it). Two reads
 * that give the same value saw the same rows in those tables; a change committed before a read began gives that read
 * a larger value. The server caches answers under it, on one node or many sharing a database.
 */
public final class DataEpoch {

    /** The counter's value as one SQL expression (the rows are summed: PostgreSQL spreads it over 16). */
    static final String VALUE_SQL = "(SELECT COALESCE(SUM(n), 0) FROM data_epoch)";

    private final Transactions tx;

    public DataEpoch(Transactions tx) {
        this.tx = tx;
    }

    /** @return the counter's value in the current (or a new) read transaction's snapshot */
    public long current() {
        return tx.read(h -> h.createQuery("SELECT " + VALUE_SQL).mapTo(Long.class).one());
    }
}
