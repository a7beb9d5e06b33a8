package io.castellan.store;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Links from a resource record to other records ({@code record_links}). A link names UIDs only: it needs no access to
 * the linked record and grants none.
 */
public final class RecordLinkRepository {

    private final Transactions tx;
    private final Clock clock;

    public RecordLinkRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Replaces every link of {@code resourceUid} with {@code links} (duplicates are stored once).
     *
     * @throws StoreException {@code NOT_FOUND} when a linked record does not exist (nothing is changed)
     */
    public void replace(String resourceUid, Collection<RecordLink> links) {
        Set<RecordLink> unique = new LinkedHashSet<>(links);
        long now = clock.millis();
        tx.write(h -> {
            Set<String> linked = new LinkedHashSet<>();
            unique.forEach(l -> linked.add(l.linkedUid()));
            if (!linked.isEmpty()) {
                List<String> existing = h.createQuery("SELECT uid FROM records WHERE uid IN (<uids>)")
                        .bindList("uids", List.copyOf(linked))
                        .mapTo(String.class)
                        .list();
                linked.removeAll(existing);
                if (!linked.isEmpty()) {
                    throw new StoreException(StoreException.Reason.NOT_FOUND,
                            "linked record " + linked.iterator().next() + " does not exist");
                }
            }
            h.createUpdate("DELETE FROM record_links WHERE resource_uid = :uid").bind("uid", resourceUid).execute();
            if (!unique.isEmpty()) {
                var batch = h.prepareBatch("INSERT INTO record_links (resource_uid, link_kind, linked_uid, created_at)"
                        + " VALUES (:resource, :kind, :linked, :now)");
                for (RecordLink link : unique) {
                    if (!link.resourceUid().equals(resourceUid)) {
                        throw new IllegalArgumentException("link of another resource");
                    }
                    batch.bind("resource", resourceUid).bind("kind", link.kind()).bind("linked", link.linkedUid())
                            .bind("now", now).add();
                }
                batch.execute();
            }
            return null;
        });
    }

    /** The links of one resource, ordered by kind and linked UID. */
    public List<RecordLink> list(String resourceUid) {
        return tx.read(h -> h.createQuery("SELECT resource_uid, link_kind, linked_uid FROM record_links"
                        + " WHERE resource_uid = :uid ORDER BY link_kind, linked_uid")
                .bind("uid", resourceUid)
                .map((rs, ctx) -> new RecordLink(rs.getString("resource_uid"), rs.getString("link_kind"),
                        rs.getString("linked_uid")))
                .list());
    }
}
