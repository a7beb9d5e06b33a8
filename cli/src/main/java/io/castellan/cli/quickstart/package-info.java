/**
 * {@code castellan quickstart}: one command from a fresh clone to a working sandbox. It runs the real parts as child
 * processes (server, gateway), an embedded PostgreSQL demo target, and drives the real CLI commands in-process, so
 * everything it builds is what a person would build by hand (docs/operations.md).
 */
package io.castellan.cli.quickstart;
