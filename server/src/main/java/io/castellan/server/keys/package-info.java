/** The server's transmission key pairs (P-256), by key id, and their raw-point public form. */
package io.castellan.server.keys;
