/**
 * Alert rules: audit event types plus filters, delivered to a webhook, Slack, Microsoft Teams or e-mail (SMTP), rate
 * limited per rule, on the same at-least-once delivery loops as the SIEM sinks. {@link
 * io.castellan.server.audit.alert.AuditDelivery} wires sinks and rules into a server.
 */
package io.castellan.server.audit.alert;
