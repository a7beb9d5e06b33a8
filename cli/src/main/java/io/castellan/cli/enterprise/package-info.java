/**
 * Enterprise administration commands (administrators only), Commander-style: {@code enterprise-user},
 * {@code enterprise-team} and {@code enterprise-role}.
 */
package io.castellan.cli.enterprise;
