/**
 * PAM configurations and rotation settings on the user API (docs/api.md, "PAM configurations and rotation"). A PAM
 * configuration is a vault record the client encrypts; the server keeps, in plaintext, only what it must enforce
 * about it (gateway, shared folder, environment, features allowed, default schedule, port mapping). Rotation settings
 * of a pamUser record are plaintext routing values plus a blob encrypted under the record key. {@link
 * io.castellan.server.pam.PamApi#register} is the entry point; {@link io.castellan.server.pam.PamFeatures} is what
 * tunnels and connections call to refuse a feature a configuration disallows; {@link
 * io.castellan.server.pam.RotationJobs} is the seam to the Router's job service.
 */
package io.castellan.server.pam;
