/**
 * Rotators: change and verify credentials on real targets behind one {@link io.castellan.rotators.Rotator}
 * interface (PostgreSQL, MySQL/MariaDB, Linux over SSH, SSH keys, LDAP). The gateway's rotation job drives them.
 */
package io.castellan.rotators;
