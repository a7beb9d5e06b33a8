/**
 * {@code castellan audit ...}: export the tamper-evident audit trail to a file, and verify it online (the server
 * checks its own chain) or offline (this CLI checks an export against a pinned server key).
 */
package io.castellan.cli.audit;
