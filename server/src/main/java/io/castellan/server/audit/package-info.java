/**
 * Audit writing for the server's features: the {@link io.castellan.server.audit.Audit} interface (fail closed), its
 * store implementation and the account/enterprise event types.
 */
package io.castellan.server.audit;
