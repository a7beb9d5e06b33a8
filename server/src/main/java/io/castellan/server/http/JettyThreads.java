package io.castellan.server.http;

import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * Jetty's thread pool: platform threads for selectors, acceptors and non-blocking work, virtual threads for request
 * handling. Jetty's adaptive execution strategy hands blocking tasks (servlet/Javalin handlers) to the virtual-thread
 * executor, so handlers can block on the database without tying up a platform thread, while selectors never run on a
 * virtual thread (a virtual thread in {@code select()} pins its carrier: jetty/jetty.project#11501). This is why
 * Javalin's {@code useVirtualThreads} (which makes every thread virtual) is not used.
 */
public final class JettyThreads {

    /** Platform threads: enough for selectors/acceptors on a small host plus headroom. */
    static final int MAX_PLATFORM_THREADS = 32;
    static final int MIN_PLATFORM_THREADS = 4;
    /** Upper bound on concurrently running handler tasks (a concurrency limit, not a thread cache). */
    static final int MAX_CONCURRENT_HANDLERS = 1024;

    private JettyThreads() {
    }

    public static QueuedThreadPool create() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_PLATFORM_THREADS, MIN_PLATFORM_THREADS);
        pool.setName("castellan-jetty");
        VirtualThreadPool handlers = new VirtualThreadPool(MAX_CONCURRENT_HANDLERS);
        handlers.setName("castellan-handler");
        pool.setVirtualThreadsExecutor(handlers);
        return pool;
    }
}
