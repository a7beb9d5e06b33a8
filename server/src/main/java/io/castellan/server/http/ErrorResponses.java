package io.castellan.server.http;

import io.castellan.model.error.ErrorCode;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure inside Javalin to an {@link ApiError} JSON body. Unexpected exceptions become a 500 with an
 * incident id; the log line carries the same id, the route and the stack trace (our exceptions never carry secrets),
 * the response carries nothing internal.
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    /** Registers the exception and error mappers. */
    public static void install(RoutesConfig routes) {
        routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, e.getStatus(), ApiError.forStatus(e.getStatus())));
        routes.exception(Exception.class, (e, ctx) -> {
            int clientError = clientErrorStatus(e);
            if (clientError > 0) { // e.g. Jetty's 413 when a chunked body crosses the limit while being read
                respond(ctx, clientError, ApiError.forStatus(clientError));
                return;
            }
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Unhandled error in {} {} (incident {})", ctx.method(), routeOf(ctx), incident, e);
            respond(ctx, 500, new ApiError(ErrorCode.INTERNAL.code(), "Internal server error (incident " + incident + ")."));
        });
        // Statuses set without an exception (e.g. by Javalin itself) still get a JSON body.
        routes.error(404, ctx -> fillIfEmpty(ctx, 404));
        routes.error(405, ctx -> fillIfEmpty(ctx, 405));
        routes.error(413, ctx -> fillIfEmpty(ctx, 413));
        routes.error(500, ctx -> fillIfEmpty(ctx, 500));
    }

    /** Writes {@code body} as the JSON response with {@code status}. */
    public static void respond(Context ctx, int status, ApiError body) {
        ctx.status(status).json(body);
    }

    /** The 4xx status of a Jetty {@link HttpException} anywhere in the cause chain, or 0. */
    private static int clientErrorStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return http.getCode();
            }
        }
        return 0;
    }

    /** The matched route pattern (not the raw path, which may carry identifiers worth keeping out of logs). */
    private static String routeOf(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException none) {
            return "(no route)";
        }
    }

    private static void fillIfEmpty(Context ctx, int status) {
        String current = ctx.result();
        if (current == null || current.isEmpty()) {
            respond(ctx, status, ApiError.forStatus(status));
        }
    }
}
