package io.castellan.sdk;

import io.castellan.sdk.config.ConfigStorage;
import io.castellan.sdk.config.InMemoryConfigStorage;
import io.castellan.sdk.transport.ThrottlePolicy;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.sdk.transport.TransportSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SecretsManager} connects and where it keeps its configuration. Immutable; made with {@link #builder()}.
 *
 * <p><b>clientVersion.</b> Requests carry {@value #DEFAULT_CLIENT_VERSION} by default: the version string of Keeper's
 * Java SDK 17.0.0, whose payloads this SDK sends (the same keys and encodings). A server that checks the version
 * prefix ({@code mj} = Java) or a minimum version therefore treats this SDK exactly as the SDK it is wire-compatible
 * with. The SDK identifies itself as Castellan's in the {@code User-Agent} header instead ({@value #USER_AGENT}).
 *
 * @param hostName the server's {@code host[:port]} when initialising from a one-time token, replacing the token's
 *     host (required for a port, since tokens are split on {@code :}); {@code null} to use the token's host
 * @param tls how the server's certificate is trusted
 * @param storage where the configuration is kept; by default in memory only, so nothing is written to disk
 * @param clientVersion the {@code clientVersion} sent in every payload
 * @param connectTimeout the longest wait for a connection
 * @param requestTimeout the longest wait for one response
 * @param throttle how {@code throttled} answers are retried
 * @param maxResponseBytes the largest API answer accepted
 * @param maxFileBytes the largest file download accepted
 * @param cachedRecords how many decrypted records are kept between calls, keyed by their exact ciphertexts, so that
 *     a record that did not change is not unwrapped, decrypted and parsed again on every {@code get_secret}
 *     (default {@value #DEFAULT_CACHED_RECORDS}; 0 keeps none). They are held in memory only, handed out as copies,
 *     and their keys are wiped when evicted or when the {@link SecretsManager} is closed
 */
public record SecretsManagerOptions(String hostName, TlsTrust tls, ConfigStorage storage, String clientVersion,
                                    Duration connectTimeout, Duration requestTimeout, ThrottlePolicy throttle,
                                    long maxResponseBytes, long maxFileBytes, int cachedRecords) {

    /** Keeper Java SDK 17.0.0's version string, which this SDK's payloads match. */
    public static final String DEFAULT_CLIENT_VERSION = "mj17.0.0";
    /** The {@code User-Agent} of every request. */
    public static final String USER_AGENT = "castellan-sdk-java/0.1.0";
    /** The decrypted records kept between calls unless told otherwise. */
    public static final int DEFAULT_CACHED_RECORDS = 4096;

    /** Rejects nulls (except {@code hostName}) and a negative {@code cachedRecords}. */
    public SecretsManagerOptions {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clientVersion, "clientVersion");
        if (cachedRecords < 0) {
            throw new IllegalArgumentException("cachedRecords must be 0 (none) or more, not " + cachedRecords);
        }
    }

    /** @return the defaults: JVM trust, in-memory storage, 10 s connect and 60 s request timeouts */
    public static SecretsManagerOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    TransportSettings transportSettings() {
        return new TransportSettings(tls, connectTimeout, requestTimeout, throttle, maxResponseBytes, maxFileBytes,
                USER_AGENT);
    }

    /** Builds {@link SecretsManagerOptions}. */
    public static final class Builder {

        private String hostName;
        private TlsTrust tls = TlsTrust.system();
        private ConfigStorage storage;
        private String clientVersion = DEFAULT_CLIENT_VERSION;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private ThrottlePolicy throttle = ThrottlePolicy.DEFAULT;
        private long maxResponseBytes = 64L << 20;
        private long maxFileBytes = 256L << 20;
        private int cachedRecords = DEFAULT_CACHED_RECORDS;

        private Builder() {
        }

        /** @param hostName {@code host[:port]} overriding a one-time token's host */
        public Builder hostName(String hostName) {
            this.hostName = hostName;
            return this;
        }

        /** @param tls how the server's certificate is trusted */
        public Builder tls(TlsTrust tls) {
            this.tls = tls;
            return this;
        }

        /** @param storage where the configuration is kept and saved after every change */
        public Builder storage(ConfigStorage storage) {
            this.storage = storage;
            return this;
        }

        /** @param clientVersion the version string sent in payloads */
        public Builder clientVersion(String clientVersion) {
            this.clientVersion = clientVersion;
            return this;
        }

        /** @param timeout the longest wait for a connection */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** @param timeout the longest wait for one response */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** @param throttle how {@code throttled} answers are retried */
        public Builder throttle(ThrottlePolicy throttle) {
            this.throttle = throttle;
            return this;
        }

        /** @param bytes the largest API answer accepted */
        public Builder maxResponseBytes(long bytes) {
            this.maxResponseBytes = bytes;
            return this;
        }

        /** @param bytes the largest file download accepted */
        public Builder maxFileBytes(long bytes) {
            this.maxFileBytes = bytes;
            return this;
        }

        /** @param records how many decrypted records are kept between calls; 0 keeps none */
        public Builder cachedRecords(int records) {
            this.cachedRecords = records;
            return this;
        }

        /** @return the options */
        public SecretsManagerOptions build() {
            return new SecretsManagerOptions(hostName, tls, storage == null ? new InMemoryConfigStorage() : storage,
                    clientVersion, connectTimeout, requestTimeout, throttle, maxResponseBytes, maxFileBytes, cachedRecords);
        }
    }
}
