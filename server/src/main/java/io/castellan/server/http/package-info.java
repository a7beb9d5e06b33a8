/**
 * The HTTP layer on Javalin/Jetty: the HTTPS connector, thread pools (handlers on virtual threads), JSON error
 * bodies, body-size limit, graceful stop, and the unauthenticated system routes.
 */
package io.castellan.server.http;
