/**
 * {@code castellan secrets-manager …}: Secrets Manager applications, their grants, devices and gateways, with
 * Keeper Commander's command names ({@code app create|list|get|remove|share}, {@code share add|remove},
 * {@code client add|list|remove}). Keys are made and wrapped by {@link io.castellan.client.sm}; these classes
 * resolve names, check options and print.
 */
package io.castellan.cli.sm;
