/**
 * Typed views of PAM records fetched through the SDK ({@code pamUser}, {@code pamMachine}, {@code pamDatabase},
 * {@code pamDirectory}), thin wrappers over {@link io.castellan.model.record.PamRecord}.
 */
package io.castellan.sdk.pam;
