/**
 * Device configuration in Keeper Secrets Manager's key layout: the values ({@link io.castellan.sdk.config.ClientConfig}),
 * their JSON/base64 codec, where they come from ({@link io.castellan.sdk.config.ConfigSources}), where they are kept
 * ({@link io.castellan.sdk.config.ConfigStorage}) and one-time tokens.
 */
package io.castellan.sdk.config;
