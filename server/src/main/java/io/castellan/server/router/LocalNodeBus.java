package io.castellan.server.router;

/** The bus of a single node (SQLite): every message is for this node and is delivered at once. */
final class LocalNodeBus implements NodeBus {

    private final Listener listener;

    LocalNodeBus(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void sendJob(String nodeId, String jobId) {
        listener.sendJob(jobId);
    }

    @Override
    public void jobFinished(String jobId) {
        listener.jobFinished(jobId);
    }

    @Override
    public void closeGateway(String gatewayUid) {
        listener.closeGateway(gatewayUid);
    }

    @Override
    public void close() {
    }
}
