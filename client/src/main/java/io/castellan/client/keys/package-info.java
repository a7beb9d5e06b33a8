/**
 * The account's keys as {@code docs/api.md} "Keys" defines them: the master key stretched from the password, the
 * authentication hash the server verifies, the wrap key that protects the data key, and the P-256 key pair used
 * for sharing. The server never receives the password, the master key, the wrap key or the data key.
 */
package io.castellan.client.keys;
