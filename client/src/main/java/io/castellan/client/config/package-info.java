/**
 * The CLI's config file ({@code ~/.castellan/config.json} or {@code --config FILE}): the server, its pinned
 * certificate, and the signed-in session. It never holds the password or a plaintext key: the data key is stored
 * only encrypted under the server-held session key, so the file alone decrypts nothing.
 */
package io.castellan.client.config;
