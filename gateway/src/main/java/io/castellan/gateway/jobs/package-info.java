/**
 * The seam between the Router connection ({@code io.castellan.gateway.router}, which speaks the wire protocol) and
 * the gateway's job runner (which runs commands with bounded concurrency). The connection hands each
 * {@link io.castellan.model.gateway.Command} to a {@link CommandSink}; the runner reports progress through the
 * {@link JobReporter} it was given.
 */
package io.castellan.gateway.jobs;
