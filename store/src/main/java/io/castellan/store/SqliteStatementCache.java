package io.castellan.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;

/**
 * Keeps SQLite's prepared statements per connection instead of preparing each statement again on every use.
 *
 * <p>Why: the xerial driver has no statement cache, and Hikari closes every statement of a borrowed connection when
 * it is returned, so each {@code get_secret} prepared its few statements anew; {@code sqlite3_prepare} was ~10 % of
 * the server's CPU under load (bench/README.md). Statements are prepared on the physical connection (so the pool's
 * proxy neither tracks nor closes them) and handed back here by JDBI instead of being closed.
 *
 * <p>A returned statement is reset (so it holds no read snapshot: in WAL mode a statement left mid-result would pin
 * its connection to an old snapshot) and its parameters cleared before it is kept. Statements that return generated
 * keys or updatable results, and plain {@link Statement}s, are not kept. At most {@value #PER_CONNECTION} statements
 * per connection, least recently used closed first; a statement that fails to reset is closed. The driver finalises
 * a closed connection's statements; the cache of a closed connection is dropped by a sweep every 1,024 handles.
 */
final class SqliteStatementCache implements StatementBuilderFactory {

    static final int PER_CONNECTION = 48;
    /** Every this many handles, the caches of connections closed since (the pool retires connections) are dropped. */
    private static final int SWEEP_EVERY = 1024;

    /**
     * By physical connection. Not weak: the kept statements refer to their connection, so a weak key would never be
     * cleared; closed connections are swept instead.
     */
    private final Map<SQLiteConnection, Kept> byConnection = Collections.synchronizedMap(new IdentityHashMap<>());
    private final AtomicInteger handles = new AtomicInteger();

    @Override
    public StatementBuilder createStatementBuilder(Connection conn) {
        if (handles.incrementAndGet() % SWEEP_EVERY == 0) {
            sweepClosed();
        }
        return new Builder();
    }

    /** Drops the caches of closed connections (their statements were finalised when the connection closed). */
    void sweepClosed() {
        synchronized (byConnection) {
            byConnection.keySet().removeIf(SqliteStatementCache::closed);
        }
    }

    /** How many connections have statements kept; for tests. */
    int connectionsKept() {
        return byConnection.size();
    }

    private static boolean closed(SQLiteConnection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** The statements kept for one connection, by SQL text, least recently used first. */
    private static final class Kept {
        private final LinkedHashMap<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true);

        synchronized PreparedStatement take(String sql) {
            return statements.remove(sql);
        }

        /** Keeps {@code ps}; closes it if one for the same SQL is kept already, and the eldest past the bound. */
        synchronized void keep(String sql, PreparedStatement ps) {
            PreparedStatement already = statements.putIfAbsent(sql, ps);
            if (already != null) {
                closeQuietly(ps);
                return;
            }
            Iterator<PreparedStatement> eldest = statements.values().iterator();
            while (statements.size() > PER_CONNECTION && eldest.hasNext()) {
                closeQuietly(eldest.next());
                eldest.remove();
            }
        }
    }

    /** One JDBI handle's builder: knows which statements it handed out from the cache. */
    private final class Builder extends DefaultStatementBuilder {
        /** Statements handed out, with the SQL they were prepared from (JDBI closes with its unparsed text). */
        private final Map<Statement, String> handedOut = new IdentityHashMap<>();

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
                return super.create(conn, sql, ctx);
            }
            SQLiteConnection physical = conn.unwrap(SQLiteConnection.class);
            Kept kept = byConnection.computeIfAbsent(physical, c -> new Kept());
            PreparedStatement ps = kept.take(sql);
            if (ps == null || ps.isClosed()) {
                ps = physical.prepareStatement(sql);
            }
            handedOut.put(ps, sql);
            return ps;
        }

        @Override
        public void close(Connection conn, String unparsedSql, Statement stmt) throws SQLException {
            String sql = handedOut.remove(stmt);
            if (sql == null) {
                super.close(conn, unparsedSql, stmt);
                return;
            }
            PreparedStatement ps = (PreparedStatement) stmt;
            try {
                if (ps.isClosed()) {
                    return;
                }
                if (ps instanceof CoreStatement core && !core.pointer.isClosed()) {
                    core.pointer.safeRunInt(DB::reset);
                }
                ps.clearParameters();
                ps.clearBatch();
            } catch (SQLException | RuntimeException e) {
                closeQuietly(ps);
                return;
            }
            SQLiteConnection physical = conn.unwrap(SQLiteConnection.class);
            byConnection.computeIfAbsent(physical, c -> new Kept()).keep(sql, ps);
        }
    }

    private static void closeQuietly(Statement s) {
        try {
            s.close();
        } catch (SQLException | RuntimeException e) {
            // a statement that cannot even close is dropped; its connection finalises it when closed
        }
    }
}
