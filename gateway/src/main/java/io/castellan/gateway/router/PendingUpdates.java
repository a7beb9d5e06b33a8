package io.castellan.gateway.router;

import io.castellan.model.gateway.JobUpdate;
import java.util.ArrayDeque;
import java.util.List;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Job updates waiting for a connection, bounded: when full, the oldest is dropped and logged (by job id). */
final class PendingUpdates {

    private static final Logger LOG = LoggerFactory.getLogger(PendingUpdates.class);

    private final int limit;
    private final ArrayDeque<JobUpdate> queue = new ArrayDeque<>();

    PendingUpdates(int limit) {
        this.limit = limit;
    }

    synchronized void add(JobUpdate update) {
        if (queue.size() >= limit) {
            JobUpdate dropped = queue.removeFirst();
            LOG.warn("job update queue full while disconnected: dropped the {} update of job {}", dropped.state(),
                    dropped.jobId());
        }
        queue.addLast(update);
    }

    /** Puts updates that could not be sent back at the head, in order. */
    synchronized void requeue(List<JobUpdate> updates) {
        for (int i = updates.size() - 1; i >= 0; i--) {
            if (queue.size() < limit) {
                queue.addFirst(updates.get(i));
            }
        }
    }

    synchronized List<JobUpdate> drain() {
        List<JobUpdate> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }

    synchronized int size() {
        return queue.size();
    }
}
