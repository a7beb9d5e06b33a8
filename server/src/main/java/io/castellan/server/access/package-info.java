/**
 * Access control that spans the feature packages (docs/access-control.md): {@link
 * io.castellan.server.access.CommandPolicies}, the one table of which enforcement policy each PAM, Secrets Manager,
 * gateway and tunnel command needs; {@link io.castellan.server.access.PolicyGuard}, the registry decorator that checks
 * it before every such command runs and refuses to register a governed command the table does not name; and {@link
 * io.castellan.server.access.AccessRevocation}, the hook that tells the tunnel relay (and any later listener) at once
 * when a change took access away.
 */
package io.castellan.server.access;
