/**
 * Product JSON configuration: the strict, deterministic, bounded mapper
 * ({@link io.castellan.model.json.Json}) and safe descriptions of parse failures.
 */
package io.castellan.model.json;
