package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The append-only, hash-chained audit trail. {@link #append} gives each event the next sequence number and chains
 * it to the previous event's hash, atomically: on SQLite the single writer serialises appends, on PostgreSQL an
 * advisory lock held until commit does, so sequence numbers are gap-free and in commit order even with many
 * concurrent appenders. (A rolled-back append consumes no number.)
 *
 * <p>Append inside the same {@code write} as the action it records, and the action and its audit commit together
 * or not at all — the audit is fail-closed. Append in {@code write}, not {@code writeSerializable}: a serialisable
 * snapshot taken before the lock could miss the newest event (PostgreSQL then aborts, and the retry succeeds, but
 * it costs a round).
 */
public final class AuditEventRepository {

    private static final String COLUMNS = "seq, event_uid, occurred_at, event_type, actor, source_ip, subject_uids,"
            + " result, details_json, prev_hash, hash";

    private final Transactions tx;

    /** The newest event's number and hash: what the next event chains to. */
    record Tip(long seq, String hash) {
    }

    public AuditEventRepository(Transactions tx) {
        this.tx = tx;
    }

    /**
     * Appends {@code event} as the newest entry of the chain and returns it with its number and hashes. Inside a
     * {@link BatchedRun} the event is chained at once but written when the run ends.
     */
    public AuditEvent append(NewAuditEvent event) {
        return tx.write(h -> {
            BatchedRun run = BatchedRun.joining(h);
            Optional<Tip> last;
            if (run != null && run.tip() != null) {
                // this transaction chained the tip itself and still holds the lock (or is SQLite's one writer)
                last = Optional.of(run.tip());
            } else {
                tx.dialect().lockExclusively(h, "audit_events");
                last = h.createQuery("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
                        .map((rs, ctx) -> new Tip(rs.getLong("seq"), rs.getString("hash")))
                        .findOne();
            }
            long seq = last.map(t -> t.seq() + 1).orElse(1L);
            String prevHash = last.map(Tip::hash).orElse(AuditChainHash.GENESIS);
            AuditEvent stored = new AuditEvent(seq, event, prevHash, AuditChainHash.of(seq, event, prevHash));
            if (run != null) {
                run.queue(stored);
            } else {
                insertAll(h, List.of(stored));
            }
            return stored;
        });
    }

    /** Events with {@code fromSeq <= seq <= toSeq}, in sequence order. */
    public List<AuditEvent> range(long fromSeq, long toSeq) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_events WHERE seq BETWEEN :from AND :to"
                        + " ORDER BY seq")
                .bind("from", fromSeq)
                .bind("to", toSeq)
                .map(AuditEventRepository::map)
                .list());
    }

    /** Events matching every filter of {@code q}, oldest first, at most {@code q.limit()}. */
    public List<AuditEvent> search(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_events WHERE 1 = 1");
        q.since().ifPresent(t -> sql.append(" AND occurred_at >= :since"));
        q.until().ifPresent(t -> sql.append(" AND occurred_at < :until"));
        q.eventType().ifPresent(t -> sql.append(" AND event_type = :type"));
        q.party().ifPresent(p -> sql.append(" AND (actor = :party OR (',' || subject_uids || ',') LIKE :partyLike"
                + " ESCAPE '\\')"));
        q.subjectUid().ifPresent(p -> sql.append(" AND (',' || subject_uids || ',') LIKE :subjectLike"
                + " ESCAPE '\\'"));
        sql.append(" ORDER BY seq LIMIT :limit");
        return tx.read(h -> {
            var query = h.createQuery(sql.toString()).bind("limit", q.limit());
            q.since().ifPresent(t -> query.bind("since", t.toEpochMilli()));
            q.until().ifPresent(t -> query.bind("until", t.toEpochMilli()));
            q.eventType().ifPresent(t -> query.bind("type", t));
            q.party().ifPresent(p -> query.bind("party", p).bind("partyLike", listed(p)));
            q.subjectUid().ifPresent(p -> query.bind("subjectLike", listed(p)));
            return query.map(AuditEventRepository::map).list();
        });
    }

    /** A LIKE pattern matching {@code uid} as one whole item of the comma-separated subject list. */
    private static String listed(String uid) {
        return "%," + uid.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ",%";
    }

    /** The sequence number of the newest event, 0 when there is none. */
    public long lastSeq() {
        return tx.read(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_events")
                .mapTo(Long.class)
                .one());
    }

    /** Inserts {@code stored} (already numbered and chained, in order): one statement, or one JDBC batch. */
    static void insertAll(Handle h, List<AuditEvent> stored) {
        String sql = "INSERT INTO audit_events (" + COLUMNS + ") VALUES (:seq, :uid, :at, :type, :actor, :ip,"
                + " :subjects, :result, :details, :prevHash, :hash)";
        if (stored.size() == 1) {
            bind(h.createUpdate(sql), stored.get(0)).execute();
            return;
        }
        PreparedBatch batch = h.prepareBatch(sql);
        stored.forEach(e -> bind(batch, e).add());
        batch.execute();
    }

    private static <S extends SqlStatement<S>> S bind(S statement, AuditEvent stored) {
        NewAuditEvent e = stored.event();
        return statement.bind("seq", stored.seq())
                .bind("uid", e.eventUid())
                .bind("at", e.occurredAt().toEpochMilli())
                .bind("type", e.eventType())
                .bind("actor", e.actor())
                .bind("ip", e.sourceIp().orElse(null))
                .bind("subjects", String.join(",", e.subjectUids()))
                .bind("result", e.result())
                .bind("details", e.detailsJson())
                .bind("prevHash", stored.prevHash())
                .bind("hash", stored.hash());
    }

    private static AuditEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
        String subjects = rs.getString("subject_uids");
        NewAuditEvent event = new NewAuditEvent(rs.getString("event_uid"), Instant.ofEpochMilli(rs.getLong(
                "occurred_at")), rs.getString("event_type"), rs.getString("actor"),
                Optional.ofNullable(rs.getString("source_ip")),
                subjects.isEmpty() ? List.of() : Arrays.asList(subjects.split(",")), rs.getString("result"),
                rs.getString("details_json"));
        return new AuditEvent(rs.getLong("seq"), event, rs.getString("prev_hash"), rs.getString("hash"));
    }
}
