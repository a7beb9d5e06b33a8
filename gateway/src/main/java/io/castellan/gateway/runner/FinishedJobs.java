package io.castellan.gateway.runner;

import io.castellan.model.gateway.JobUpdate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The terminal updates of the jobs that finished most recently on this gateway, oldest forgotten first. The server
 * sends a job again when the connection it went out on died before the gateway's answer arrived; answering from here
 * keeps a rotation from running twice. Bounded: after {@code capacity} newer jobs an old one is forgotten (by then the
 * server has long timed it out).
 */
final class FinishedJobs {

    static final int DEFAULT_CAPACITY = 4096;

    private final Map<String, JobUpdate> updates;

    FinishedJobs(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.updates = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, JobUpdate> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void put(String jobId, JobUpdate terminal) {
        updates.put(jobId, terminal);
    }

    /** @return the job's terminal update, or {@code null} when it did not finish here recently */
    synchronized JobUpdate get(String jobId) {
        return updates.get(jobId);
    }
}
