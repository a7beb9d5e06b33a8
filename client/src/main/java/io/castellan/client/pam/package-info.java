/**
 * The user side of PAM configurations and rotation settings ({@code pam_config_*}, {@code rotation_*},
 * {@code rotate} of docs/api.md): password complexity rules, the rotation-settings blob sealed under the pamUser's
 * record key, and the API calls. The server never receives the complexity or script settings in plaintext.
 */
package io.castellan.client.pam;
