/**
 * Castellan's shared data model: pure data and Jackson, no web, JDBC or network code.
 *
 * <ul>
 *   <li>{@link io.castellan.model.error} — the product-wide error catalogue and exception;</li>
 *   <li>{@link io.castellan.model.json} — the strict, deterministic JSON mapper factory;</li>
 *   <li>{@link io.castellan.model.record} — the record JSON v3 model (lossless read-modify-write);</li>
 *   <li>{@link io.castellan.model.recordtype} — record and field type definitions and validation;</li>
 *   <li>{@link io.castellan.model.ksm} — Keeper Secrets Manager device-API wire messages.</li>
 * </ul>
 */
package io.castellan.model;
