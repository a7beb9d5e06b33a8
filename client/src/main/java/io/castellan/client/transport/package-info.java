/**
 * The user API's transport ({@code docs/api.md} "Envelope"): HTTPS with certificate pinning or a CA file, and inside
 * it every request body encrypted under a fresh transmission key sealed to the server's published P-256 key.
 * Failures become {@link io.castellan.model.error.CastellanException}s with the server's catalogue code.
 */
package io.castellan.client.transport;
