/**
 * The product-wide error catalogue ({@link io.castellan.model.error.ErrorCode}) and exception
 * ({@link io.castellan.model.error.CastellanException}); documented in {@code docs/errors.md}.
 */
package io.castellan.model.error;
