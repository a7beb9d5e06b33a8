/**
 * The gateway's {@code rotate} job: reads the pamUser and its resource through the Secrets Manager device API,
 * picks a rotator from the resource, and runs the safety protocol (generate → pending in the vault → change on the
 * target → verify → commit) so that at every instant the vault holds a credential the target accepts. See
 * {@code docs/rotation.md}.
 */
package io.castellan.gateway.rotation;
