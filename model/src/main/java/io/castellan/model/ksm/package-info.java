/**
 * Keeper Secrets Manager device-API wire messages (ksm-protocol.md §1.1, §1.5, §1.6): request
 * payloads, responses, error bodies, and their JSON configuration
 * ({@link io.castellan.model.ksm.WireJson}). Pure data: encryption, signatures and transport live
 * elsewhere.
 */
package io.castellan.model.ksm;
