/**
 * Accounts and sessions (docs/api.md): login with a server-side verifier of the client's auth hash, throttling,
 * sessions, registration by invitation, TOTP, and the offline bootstrap of the first administrator.
 */
package io.castellan.server.account;
