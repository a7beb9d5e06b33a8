/**
 * The record JSON v3 model: {@link io.castellan.model.record.RecordData} (lossless, bounded,
 * deterministic), its fields, and typed PAM accessors ({@link io.castellan.model.record.PamRecord}).
 * Nothing here ever prints a record value.
 */
package io.castellan.model.record;
