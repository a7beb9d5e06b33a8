/**
 * The Keeper-compatible Secrets Manager device API ({@code POST /api/rest/sm/v1/{path}}, ksm-protocol.md and
 * docs/ksm-compatibility.md): transmission keys, device binding from a one-time token, ECDSA request signatures, IP
 * locks and expiries, per-device throttling, and the endpoints that serve an application's grants as ciphertext.
 * Files travel through one-time upload URLs and signed, short-lived download URLs on the same host.
 * {@link io.castellan.server.device.DeviceApi} wires it.
 */
package io.castellan.server.device;
