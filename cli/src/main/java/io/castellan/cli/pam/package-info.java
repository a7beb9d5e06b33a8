/**
 * {@code castellan pam …}: privileged access management — gateways ({@code pam gateway new|list|remove}) and
 * actions run through them ({@code pam action gateway-info|job-info}).
 */
package io.castellan.cli.pam;
