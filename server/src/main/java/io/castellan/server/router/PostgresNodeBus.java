package io.castellan.server.router;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node bus on PostgreSQL: {@code NOTIFY castellan_router, 'kind|target|id'} through the store's pool, and one
 * dedicated connection per node that LISTENs, read by a virtual thread. The target is a node id or {@code *}; a node
 * ignores messages for other nodes. A lost listening connection is reopened (messages sent meanwhile are lost; queued
 * jobs are picked up again when their gateway reconnects, and awaiting callers fall back to polling the store).
 */
final class PostgresNodeBus implements NodeBus {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresNodeBus.class);
    static final String CHANNEL = "castellan_router";
    private static final String EVERY_NODE = "*";
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(1);

    private final String nodeId;
    private final Jdbi jdbi;
    private final String jdbcUrl;
    private final Listener listener;
    private final Thread reader;
    private volatile boolean closing;
    private volatile Connection listening;

    PostgresNodeBus(String nodeId, Jdbi jdbi, String jdbcUrl, Listener listener) {
        this.nodeId = nodeId;
        this.jdbi = jdbi;
        this.jdbcUrl = jdbcUrl;
        this.listener = listener;
        listen(); // the first LISTEN happens before the node accepts sockets, so nothing meant for it is missed
        this.reader = Thread.ofVirtual().name("router-bus-" + nodeId).start(this::readLoop);
    }

    @Override
    public void sendJob(String target, String jobId) {
        notify("send", target, jobId);
    }

    @Override
    public void jobFinished(String jobId) {
        notify("done", EVERY_NODE, jobId);
    }

    @Override
    public void closeGateway(String gatewayUid) {
        notify("close", EVERY_NODE, gatewayUid);
    }

    private void notify(String kind, String target, String id) {
        jdbi.useHandle(h -> h.createQuery("SELECT pg_notify(:channel, :payload)")
                .bind("channel", CHANNEL)
                .bind("payload", kind + "|" + target + "|" + id)
                .mapTo(String.class)
                .findOne());
    }

    private void listen() {
        try {
            Connection c = DriverManager.getConnection(jdbcUrl);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
            }
            listening = c;
        } catch (SQLException e) {
            LOG.warn("node {}: cannot LISTEN for Router messages ({}); retrying", nodeId, e.getSQLState());
            listening = null;
        }
    }

    private void readLoop() {
        while (!closing) {
            Connection c = listening;
            try {
                if (c == null) {
                    Thread.sleep(RECONNECT_WAIT);
                    listen();
                    continue;
                }
                PGNotification[] notes = c.unwrap(PGConnection.class).getNotifications(500);
                if (notes != null) {
                    for (PGNotification n : notes) {
                        deliver(n.getParameter());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                if (!closing) {
                    LOG.warn("node {}: Router message connection lost ({}); reopening", nodeId, e.getSQLState());
                }
                quietlyClose(c);
                listening = null;
            } catch (RuntimeException e) {
                LOG.error("node {}: Router message failed: {}", nodeId, e.getClass().getSimpleName(), e);
            }
        }
    }

    private void deliver(String payload) {
        String[] parts = payload == null ? new String[0] : payload.split("\\|", -1);
        if (parts.length != 3 || !(parts[1].equals(EVERY_NODE) || parts[1].equals(nodeId))) {
            return;
        }
        switch (parts[0]) {
            case "send" -> listener.sendJob(parts[2]);
            case "done" -> listener.jobFinished(parts[2]);
            case "close" -> listener.closeGateway(parts[2]);
            default -> LOG.warn("node {}: unknown Router message kind ignored", nodeId);
        }
    }

    private static void quietlyClose(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // it is gone either way
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        reader.interrupt();
        quietlyClose(listening);
    }
}
