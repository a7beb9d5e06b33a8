/**
 * Enterprise administration (docs/api.md "Enterprise"): users (invite, disable, re-enable, list), teams, roles and
 * their enforcement policies ({@link io.castellan.server.enterprise.EnforcementPolicy}).
 */
package io.castellan.server.enterprise;
