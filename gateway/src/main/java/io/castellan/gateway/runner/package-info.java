/**
 * The gateway's job runner: takes the server's commands through {@link io.castellan.gateway.jobs.CommandSink},
 * runs them with bounded concurrency through one {@link io.castellan.gateway.runner.JobHandler} per command type,
 * and reports their progress, scrubbed of secrets.
 */
package io.castellan.gateway.runner;
