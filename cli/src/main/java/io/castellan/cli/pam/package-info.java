/**
 * {@code castellan pam …}: PAM configurations ({@code pam config}), rotation settings ({@code pam rotation}) and
 * on-demand actions ({@code pam action rotate}). The crypto and API calls live in {@code io.castellan.client.pam};
 * these classes parse arguments and print results. {@link io.castellan.cli.pam.PamCommands#mount} builds the
 * {@code pam} group so another subcommand is one more line there.
 */
package io.castellan.cli.pam;
