package io.castellan.server.router;

import io.castellan.store.StoredJob;

/**
 * Told of each job state change the Router stored (a gateway's RUNNING or terminal report, or a timeout), after the
 * change committed. Other packages add one to {@link JobService#addListener} to react (the rotation audit events),
 * without the Router knowing what a job means. A listener that throws is logged; the job's state stands.
 */
@FunctionalInterface
public interface JobListener {

    /** @param job the job as it stands after the change */
    void changed(StoredJob job);
}
