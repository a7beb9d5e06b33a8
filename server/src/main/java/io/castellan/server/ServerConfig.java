package io.castellan.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Validated configuration of one server process. Every check fails fast with an {@link IllegalArgumentException}
 * that names the setting and the problem (never a secret value: the JDBC URL is not echoed, it may hold a password).
 *
 * @param dataDir                directory for the embedded store, TLS material, server keys and the lock file
 * @param listen                 address of the HTTPS listener
 * @param jdbcUrl                PostgreSQL JDBC URL, or empty for the embedded SQLite store
 * @param tlsCert                operator-provided PEM certificate (chain); present exactly when {@code tlsKey} is
 * @param tlsKey                 operator-provided PEM private key
 * @param sessionIdleTimeout     a session ends after this long without a request
 * @param sessionAbsoluteTimeout a session ends this long after login, active or not
 * @param maxRequestBodyBytes    larger request bodies are refused with 413
 * @param loginThrottleAfter     failed logins (per account, and per source address) before each further attempt must
 *                               wait; the waits grow from {@code loginDelayBase}, doubling, up to {@code loginDelayMax}
 * @param loginLockAfter         failed logins in a row after which an account is locked until an administrator
 *                               re-enables it ({@code enterprise_user_enable})
 * @param loginDelayBase         the wait after the {@code loginThrottleAfter}-th failure
 * @param loginDelayMax          the longest wait
 * @param maxAttachmentBytes     the largest attachment a user may upload (its ciphertext, before base64)
 * @param deviceRequestsPerMinute requests one Secrets Manager device may make per minute on one server node (past it
 *                               the device API answers {@code 403 throttled} with {@code retry_after})
 * @param gatewayRequestsPerMinute the same for a gateway's device (every rotation and tunnel goes through it)
 * @param gatewayHeartbeat       how often the Router pings each connected gateway; a gateway silent for three intervals
 *                               is offline
 * @param scheduler              the rotation scheduler's polling, retries and failure limit
 */
public record ServerConfig(
        Path dataDir,
        ListenAddress listen,
        Optional<String> jdbcUrl,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey,
        Duration sessionIdleTimeout,
        Duration sessionAbsoluteTimeout,
        long maxRequestBodyBytes,
        int loginThrottleAfter,
        int loginLockAfter,
        Duration loginDelayBase,
        Duration loginDelayMax,
        long maxAttachmentBytes,
        int deviceRequestsPerMinute,
        int gatewayRequestsPerMinute,
        Duration gatewayHeartbeat,
        io.castellan.server.scheduler.SchedulerOptions scheduler) {

    public static final Path DEFAULT_DATA_DIR = Path.of("./castellan-data");
    public static final ListenAddress DEFAULT_LISTEN = new ListenAddress("127.0.0.1", 8443);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(60);
    public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofHours(12);
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_LOGIN_THROTTLE_AFTER = 5;
    public static final int DEFAULT_LOGIN_LOCK_AFTER = 20;
    public static final Duration DEFAULT_LOGIN_DELAY_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_LOGIN_DELAY_MAX = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
    /** Attachments travel base64 inside one request body held in memory: keep them well below the heap. */
    public static final long MAX_MAX_ATTACHMENT_BYTES = 256L * 1024 * 1024;
    /** Generous: a busy application polling every 50 ms stays under it; a runaway loop does not. */
    public static final int DEFAULT_DEVICE_REQUESTS_PER_MINUTE = 1200;
    /** A gateway does three device calls per rotation: 60,000 a minute lets one gateway rotate hundreds a second. */
    public static final int DEFAULT_GATEWAY_REQUESTS_PER_MINUTE = 60_000;
    /** Router heartbeat: three missed intervals (15 s) mark a gateway offline. */
    public static final Duration DEFAULT_GATEWAY_HEARTBEAT = Duration.ofSeconds(5);

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir must not be null");
        Objects.requireNonNull(listen, "listen must not be null");
        jdbcUrl = jdbcUrl == null ? Optional.empty() : jdbcUrl.filter(u -> !u.isBlank());
        tlsCert = tlsCert == null ? Optional.empty() : tlsCert;
        tlsKey = tlsKey == null ? Optional.empty() : tlsKey;
        if (dataDir.toString().isBlank()) {
            throw new IllegalArgumentException("dataDir: must not be empty");
        }
        jdbcUrl.ifPresent(ServerConfig::checkJdbcUrl);
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new IllegalArgumentException(tlsCert.isPresent()
                    ? "tlsKey: required when tlsCert is set (give both --tls-cert and --tls-key, or neither)"
                    : "tlsCert: required when tlsKey is set (give both --tls-cert and --tls-key, or neither)");
        }
        requirePositive("sessionIdleTimeout", sessionIdleTimeout);
        requirePositive("sessionAbsoluteTimeout", sessionAbsoluteTimeout);
        if (sessionAbsoluteTimeout.compareTo(sessionIdleTimeout) < 0) {
            throw new IllegalArgumentException("sessionAbsoluteTimeout: cannot be less than sessionIdleTimeout ("
                    + sessionAbsoluteTimeout + " < " + sessionIdleTimeout + ")");
        }
        if (maxRequestBodyBytes < 1024) {
            throw new IllegalArgumentException(
                    "maxRequestBodyBytes: must be at least 1024, was " + maxRequestBodyBytes);
        }
        checkLoginThrottling(loginThrottleAfter, loginLockAfter, loginDelayBase, loginDelayMax);
        if (maxAttachmentBytes < 1 || maxAttachmentBytes > MAX_MAX_ATTACHMENT_BYTES) {
            throw new IllegalArgumentException("maxAttachmentBytes: must be between 1 and " + MAX_MAX_ATTACHMENT_BYTES
                    + ", was " + maxAttachmentBytes);
        }
        if (deviceRequestsPerMinute < 1) {
            throw new IllegalArgumentException("deviceRequestsPerMinute: must be at least 1, was "
                    + deviceRequestsPerMinute);
        }
        if (gatewayRequestsPerMinute < 1) {
            throw new IllegalArgumentException("gatewayRequestsPerMinute: must be at least 1, was "
                    + gatewayRequestsPerMinute);
        }
        requirePositive("gatewayHeartbeat", gatewayHeartbeat);
        if (gatewayHeartbeat.toMillis() < 50) {
            throw new IllegalArgumentException("gatewayHeartbeat: must be at least 50 ms, was " + gatewayHeartbeat);
        }
    }

    private static void checkLoginThrottling(int throttleAfter, int lockAfter, Duration base, Duration max) {
        if (throttleAfter < 1) {
            throw new IllegalArgumentException("loginThrottleAfter: must be at least 1, was " + throttleAfter);
        }
        if (lockAfter < throttleAfter) {
            throw new IllegalArgumentException("loginLockAfter: cannot be less than loginThrottleAfter (" + lockAfter
                    + " < " + throttleAfter + ")");
        }
        requirePositive("loginDelayBase", base);
        requirePositive("loginDelayMax", max);
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("loginDelayMax: cannot be less than loginDelayBase (" + max + " < "
                    + base + ")");
        }
    }

    /** All defaults: {@code ./castellan-data}, {@code 127.0.0.1:8443}, embedded store, generated TLS. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The store's configuration derived from this one. */
    public io.castellan.store.StoreConfig storeConfig() {
        return io.castellan.store.StoreConfig.of(dataDir, jdbcUrl.orElse(null));
    }

    private static void checkJdbcUrl(String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            // Do not echo the URL: it may carry a password.
            throw new IllegalArgumentException("jdbcUrl: must start with jdbc:postgresql: (leave it unset for the"
                    + " embedded SQLite store)");
        }
    }

    private static void requirePositive(String setting, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(setting + ": must be a positive duration, was " + value);
        }
    }

    /** Mutable builder with the defaults pre-filled; {@link #build()} validates. */
    public static final class Builder {
        private Path dataDir = DEFAULT_DATA_DIR;
        private ListenAddress listen = DEFAULT_LISTEN;
        private String jdbcUrl;
        private Path tlsCert;
        private Path tlsKey;
        private Duration idle = DEFAULT_IDLE_TIMEOUT;
        private Duration absolute = DEFAULT_ABSOLUTE_TIMEOUT;
        private long maxBody = DEFAULT_MAX_REQUEST_BODY_BYTES;
        private int throttleAfter = DEFAULT_LOGIN_THROTTLE_AFTER;
        private int lockAfter = DEFAULT_LOGIN_LOCK_AFTER;
        private Duration delayBase = DEFAULT_LOGIN_DELAY_BASE;
        private Duration delayMax = DEFAULT_LOGIN_DELAY_MAX;
        private long maxAttachment = DEFAULT_MAX_ATTACHMENT_BYTES;
        private int deviceRequestsPerMinute = DEFAULT_DEVICE_REQUESTS_PER_MINUTE;
        private int gatewayRequestsPerMinute = DEFAULT_GATEWAY_REQUESTS_PER_MINUTE;
        private Duration gatewayHeartbeat = DEFAULT_GATEWAY_HEARTBEAT;
        private io.castellan.server.scheduler.SchedulerOptions scheduler =
                io.castellan.server.scheduler.SchedulerOptions.DEFAULT;

        private Builder() {
        }

        public Builder dataDir(Path value) { this.dataDir = value; return this; }

        public Builder listen(ListenAddress value) { this.listen = value; return this; }

        /** Parses {@code HOST:PORT} / {@code [IPV6]:PORT}; see {@link ListenAddress#parse}. */
        public Builder listen(String value) { this.listen = ListenAddress.parse(value); return this; }

        public Builder jdbcUrl(String value) { this.jdbcUrl = value; return this; }

        public Builder tlsCert(Path value) { this.tlsCert = value; return this; }

        public Builder tlsKey(Path value) { this.tlsKey = value; return this; }

        public Builder sessionIdleTimeout(Duration value) { this.idle = value; return this; }

        public Builder sessionAbsoluteTimeout(Duration value) { this.absolute = value; return this; }

        public Builder maxRequestBodyBytes(long value) { this.maxBody = value; return this; }

        public Builder loginThrottleAfter(int value) { this.throttleAfter = value; return this; }

        public Builder loginLockAfter(int value) { this.lockAfter = value; return this; }

        public Builder loginDelayBase(Duration value) { this.delayBase = value; return this; }

        public Builder loginDelayMax(Duration value) { this.delayMax = value; return this; }

        public Builder maxAttachmentBytes(long value) { this.maxAttachment = value; return this; }

        public Builder deviceRequestsPerMinute(int value) { this.deviceRequestsPerMinute = value; return this; }

        public Builder gatewayRequestsPerMinute(int value) { this.gatewayRequestsPerMinute = value; return this; }

        public Builder gatewayHeartbeat(Duration value) { this.gatewayHeartbeat = value; return this; }

        public Builder scheduler(io.castellan.server.scheduler.SchedulerOptions value) {
            this.scheduler = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(dataDir, listen, Optional.ofNullable(jdbcUrl), Optional.ofNullable(tlsCert),
                    Optional.ofNullable(tlsKey), idle, absolute, maxBody, throttleAfter, lockAfter, delayBase,
                    delayMax, maxAttachment, deviceRequestsPerMinute, gatewayRequestsPerMinute, gatewayHeartbeat,
                    java.util.Objects.requireNonNull(scheduler, "scheduler"));
        }
    }
}
