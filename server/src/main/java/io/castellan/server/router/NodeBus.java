package io.castellan.server.router;

/**
 * Messages between server nodes about gateway sockets: "send this job" to the node holding its gateway's socket,
 * "this job finished" to every node (waiters wake), "close this gateway's socket" to every node (a removal). On
 * PostgreSQL these travel by LISTEN/NOTIFY ({@link PostgresNodeBus}); SQLite is a single node ({@link LocalNodeBus}).
 * Messages hold only ids.
 */
interface NodeBus extends AutoCloseable {

    /** What a node does with the messages it receives. */
    interface Listener {
        void sendJob(String jobId);

        void jobFinished(String jobId);

        void closeGateway(String gatewayUid);
    }

    /** Asks {@code nodeId} to send a queued job to its gateway. */
    void sendJob(String nodeId, String jobId);

    /** Tells every node (this one included) that a job reached a terminal state. */
    void jobFinished(String jobId);

    /** Tells every node (this one included) to close a gateway's socket. */
    void closeGateway(String gatewayUid);

    @Override
    void close();
}
