/**
 * The rotation scheduler: schedules ({@link io.castellan.server.scheduler.RotationPlan}) and their next runs in a time
 * zone, cron expressions ({@link io.castellan.server.scheduler.CronRule}), and the persistent, cluster-safe loop
 * ({@link io.castellan.server.scheduler.RotationScheduler}) that submits due rotations, follows their outcomes,
 * retries with backoff and flags a rotation that keeps failing. Its state lives in the store
 * ({@code rotation_schedules}); any number of server nodes on one PostgreSQL may run it.
 */
package io.castellan.server.scheduler;
