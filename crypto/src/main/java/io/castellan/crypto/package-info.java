/**
 * Castellan crypto module: the small, dependency-free (pure JCA) set of primitives that the vault,
 * the server and the SDK share, byte-compatible with Keeper Secrets Manager (KSM).
 *
 * <p>Formats, all produced and accepted here:
 * <ul>
 *   <li>AES-256-GCM blobs {@code nonce(12) ‖ ciphertext ‖ tag(16)} ({@link io.castellan.crypto.Aes256Gcm});</li>
 *   <li>AES-256-CBC blobs {@code iv(16) ‖ ciphertext}, only for KSM folder data ({@link io.castellan.crypto.Aes256Cbc});</li>
 *   <li>ECIES-P256 blobs {@code ephemeralPoint(65) ‖ GCM blob} ({@link io.castellan.crypto.Ecies});</li>
 *   <li>ECDSA P-256/SHA-256 signatures in DER and IEEE P1363 ({@link io.castellan.crypto.Signatures});</li>
 *   <li>P-256 keys as raw 65-byte points, X.509 SPKI and PKCS#8 ({@link io.castellan.crypto.EcKeys}).</li>
 * </ul>
 *
 * <p>Rules every class follows: one shared non-blocking {@link java.security.SecureRandom}
 * ({@link io.castellan.crypto.CastellanRandom}); failures surface as the unchecked
 * {@link io.castellan.crypto.CryptoException} whose message never contains key material, plaintext
 * or the rejected input; no I/O and no logging.
 */
package io.castellan.crypto;
