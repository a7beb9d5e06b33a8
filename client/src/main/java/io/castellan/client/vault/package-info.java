/**
 * The decrypted, in-memory view of everything a user can see after {@code sync_down}: folders (a tree of user and
 * shared folders), records with their keys and plaintext, attachments' metadata and shared-folder members; plus
 * path resolution ({@code Folder/Sub/Title}) as the CLI uses it. A {@link io.castellan.client.vault.Vault} holds
 * keys: close it when the command is done.
 */
package io.castellan.client.vault;
