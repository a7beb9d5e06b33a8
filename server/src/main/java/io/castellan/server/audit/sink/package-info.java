/**
 * SIEM export: sinks (syslog RFC 5424 over TCP, TLS and UDP; JSON-lines webhook; Splunk HEC; a local file) fed by one
 * delivery loop each, which reads the audit table after a persisted cursor and moves the cursor only once the sink
 * accepted a batch (at-least-once). The same loop feeds the alert rules of {@code io.castellan.server.audit.alert}.
 */
package io.castellan.server.audit.sink;
