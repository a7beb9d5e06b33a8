/**
 * {@code castellan pam …}: gateways ({@code pam gateway new|list|remove}), PAM configurations ({@code pam config}),
 * rotation settings ({@code pam rotation}) and actions run through gateways ({@code pam action rotate|gateway-info|
 * job-info}). The crypto and API calls live in {@code io.castellan.client.pam} and {@code io.castellan.client.sm};
 * these classes parse arguments and print results. {@link io.castellan.cli.pam.PamCommands#mount} builds the
 * {@code pam} group so another subcommand is one more line there.
 */
package io.castellan.cli.pam;
