/**
 * The user API's envelope (docs/api.md "Envelope"): {@code POST /api/v1/{command}} with a transmission key sealed to
 * the server, replay and freshness checks, sessions, and the command registry feature packages fill.
 */
package io.castellan.server.api;
