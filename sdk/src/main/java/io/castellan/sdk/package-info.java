/**
 * Castellan's Secrets Manager SDK: {@link io.castellan.sdk.SecretsManager} and the values it returns. Sub-packages
 * hold the configuration ({@code config}), the wire transport ({@code transport}), Keeper notation
 * ({@code notation}) and typed PAM views ({@code pam}).
 */
package io.castellan.sdk;
