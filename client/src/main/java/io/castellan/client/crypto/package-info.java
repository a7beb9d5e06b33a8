/**
 * Client-side encryption of vault objects as {@code docs/api.md} "Keys" defines it: every record, folder and file
 * has its own random 32-byte key; that key is wrapped with the owner's data key, a shared folder's key, or sealed to
 * a recipient's public key (ECIES), named by {@link io.castellan.client.crypto.KeyType}. All primitives come from
 * {@code io.castellan.crypto}; nothing here re-implements cryptography.
 */
package io.castellan.client.crypto;
