package io.castellan.cli.quickstart;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The processes a quickstart runs: server, gateway, the demo PostgreSQL and the tunnel to it. {@link #stop()} stops
 * them in the order that loses nothing (the tunnel; the gateway, so it reports offline to a server still running;
 * then the target; the server last) and is safe to call twice, from the shutdown hook and from a failing step.
 */
final class Sandbox {

    private final PrintWriter out;
    private volatile ChildJvm server;
    private volatile ChildJvm gateway;
    private volatile DemoPostgres demo;
    private volatile ChildJvm tunnel;
    private volatile boolean stopping;

    Sandbox(PrintWriter out) {
        this.out = out;
    }

    void server(ChildJvm s) {
        server = s;
    }

    void gateway(ChildJvm g) {
        gateway = g;
    }

    void tunnel(ChildJvm t) {
        tunnel = t;
    }

    void demo(DemoPostgres d) {
        demo = d;
    }

    ChildJvm server() {
        return server;
    }

    boolean stopping() {
        return stopping;
    }

    synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (tunnel != null && tunnel.alive()) {
            say("Stopping the tunnel (pid " + tunnel.pid() + ")");
            tunnel.stop();
        }
        if (gateway != null && gateway.alive()) {
            say("Stopping the gateway (pid " + gateway.pid() + ")");
            gateway.stop();
        }
        if (demo != null) {
            say("Stopping the demo PostgreSQL");
            try {
                demo.close();
            } catch (IOException | RuntimeException e) {
                say("The demo PostgreSQL did not stop cleanly: " + e.getClass().getSimpleName());
            }
        }
        if (server != null && server.alive()) {
            say("Stopping the server (pid " + server.pid() + ")");
            server.stop();
        }
        say("Stopped.");
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
