package io.castellan.server.http;

import java.util.Map;

/**
 * The figures {@code /metrics} reads from the store at each scrape: they are shared by every server node, so any
 * node answers for the whole deployment.
 *
 * @param gatewaysOnline gateways holding a Router socket on any node
 * @param jobs job counts by command wire name, then by state (lower case)
 */
public record StoreMetrics(long gatewaysOnline, Map<String, Map<String, Long>> jobs) {
}
