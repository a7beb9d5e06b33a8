/**
 * Record and field type definitions as data ({@code record-types.json}, loaded by
 * {@link io.castellan.model.recordtype.RecordTypes}) and record validation
 * ({@link io.castellan.model.recordtype.RecordValidator}).
 */
package io.castellan.model.recordtype;
