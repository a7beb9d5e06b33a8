package io.castellan.server.http;

import io.javalin.config.JavalinConfig;
import java.time.Duration;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;

/**
 * Jetty-level settings Javalin does not expose directly: graceful stop, the request-body limit enforced before any
 * handler runs, and JSON error pages for errors raised inside Jetty.
 */
public final class JettyServerSetup {

    /** In-flight requests get this long to finish when the server stops. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private JettyServerSetup() {
    }

    /**
     * Applies the settings to Javalin's Jetty server.
     *
     * @param maxRequestBodyBytes bodies larger than this are refused with 413: at once when {@code Content-Length}
     *                            says so, or as soon as a chunked body crosses the limit while being read
     */
    public static void apply(JavalinConfig cfg, long maxRequestBodyBytes) {
        cfg.jetty.modifyServer(server -> {
            server.setStopTimeout(STOP_TIMEOUT.toMillis());
            server.setErrorHandler(new JsonErrorHandler());
            // insertHandler puts each new wrapper outermost: Graceful(SizeLimit(Javalin's handlers)).
            server.insertHandler(new SizeLimitHandler(maxRequestBodyBytes, -1));
            server.insertHandler(new GracefulHandler());
        });
        cfg.jetty.modifyHttpConfiguration(http -> {
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
        });
    }
}
