package io.castellan.store;

/**
 * A team's key pair as the server keeps it: the raw P-256 public key (folders are shared with the team by sealing the
 * folder key to it) and the private key encrypted under the team key, which only members' and administrators' clients
 * can open.
 */
public record TeamKeyPair(byte[] publicKey, byte[] encryptedPrivateKey) {
}
