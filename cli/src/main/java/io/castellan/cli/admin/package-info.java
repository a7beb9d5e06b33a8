/**
 * Offline administration: {@code castellan server init-admin} creates the first administrator directly in the
 * store, with exactly the key material {@code register} would send, computed on this machine. How the material
 * reaches the store is the {@link io.castellan.cli.admin.AdminBootstrap} the build provides.
 */
package io.castellan.cli.admin;
