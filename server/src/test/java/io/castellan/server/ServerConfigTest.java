package io.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class ServerConfigTest {

    @Test
    void defaultsMatchTheDocumentedValues() {
        ServerConfig config = ServerConfig.defaults();
        assertThat(config.dataDir()).isEqualTo(Path.of("./castellan-data"));
        assertThat(config.listen()).isEqualTo(new ListenAddress("127.0.0.1", 8443));
        assertThat(config.jdbcUrl()).isEmpty();
        assertThat(config.tlsCert()).isEmpty();
        assertThat(config.tlsKey()).isEmpty();
        assertThat(config.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(60));
        assertThat(config.sessionAbsoluteTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(config.maxRequestBodyBytes()).isEqualTo(1024 * 1024);
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:8443, 127.0.0.1, 8443",
        "localhost:0, localhost, 0",
        "0.0.0.0:443, 0.0.0.0, 443",
        "castellan.example.com:65535, castellan.example.com, 65535",
        "'[::1]:8443', ::1, 8443",
        "'[::]:9000', ::, 9000",
        "'[fe80::1%eth0]:8443', fe80::1%eth0, 8443",
    })
    void parsesGoodListenAddresses(String text, String host, int port) {
        ListenAddress parsed = ListenAddress.parse(text);
        assertThat(parsed.host()).isEqualTo(host);
        assertThat(parsed.port()).isEqualTo(port);
        assertThat(ListenAddress.parse(parsed.toString())).isEqualTo(parsed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                 | empty",
        "8443               | no port",
        "localhost          | no port",
        "localhost:         | must be a number",
        "localhost:abc      | must be a number",
        "localhost:70000    | between 0 and 65535",
        "localhost:-1       | must be a number",
        "::1:8443           | must be in brackets",
        "[::1]8443          | [IPV6]:PORT",
        "[::1]              | [IPV6]:PORT",
        "[nothex]:80        | not an IPv6 address",
        "bad_host!:80       | not a valid host name",
        ":8443              | host must not be empty",
    })
    void rejectsBadListenAddressesNamingTheSetting(String text, String problem) {
        assertThatThrownBy(() -> ServerConfig.builder().listen(text).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("listen: ")
                .hasMessageContaining(problem);
    }

    @Test
    void ipv6HostIsBracketedInUrls() {
        assertThat(ListenAddress.parse("[::1]:8443").hostForUrl()).isEqualTo("[::1]");
        assertThat(ListenAddress.parse("LocalHost:1").hostForUrl()).isEqualTo("localhost");
        assertThat(ListenAddress.parse("0.0.0.0:1").isWildcard()).isTrue();
        assertThat(ListenAddress.parse("127.0.0.1:1").isWildcard()).isFalse();
    }

    @Test
    void tlsCertWithoutKeyIsRejected() {
        assertThatThrownBy(() -> ServerConfig.builder().tlsCert(Path.of("server.crt")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tlsKey: required when tlsCert is set");
    }

    @Test
    void tlsKeyWithoutCertIsRejected() {
        assertThatThrownBy(() -> ServerConfig.builder().tlsKey(Path.of("server.key")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tlsCert: required when tlsKey is set");
    }

    @Test
    void bothTlsFilesAreAccepted() {
        ServerConfig config = ServerConfig.builder().tlsCert(Path.of("a.crt")).tlsKey(Path.of("a.key")).build();
        assertThat(config.tlsCert()).contains(Path.of("a.crt"));
        assertThat(config.tlsKey()).contains(Path.of("a.key"));
    }

    @Test
    void nonPostgresJdbcUrlIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> ServerConfig.builder().jdbcUrl("jdbc:mysql://db/x?password=hunter2").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jdbcUrl: ")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void blankJdbcUrlMeansEmbeddedStore() {
        assertThat(ServerConfig.builder().jdbcUrl("  ").build().jdbcUrl()).isEmpty();
        assertThat(ServerConfig.builder().jdbcUrl("jdbc:postgresql://db/castellan").build().storeConfig().jdbcUrl())
                .contains("jdbc:postgresql://db/castellan");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 1023})
    void tooSmallBodyLimitIsRejected(long bytes) {
        assertThatThrownBy(() -> ServerConfig.builder().maxRequestBodyBytes(bytes).build())
                .hasMessageStartingWith("maxRequestBodyBytes: ");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 256L * 1024 * 1024 + 1})
    void attachmentLimitOutsideItsRangeIsRejected(long bytes) {
        assertThatThrownBy(() -> ServerConfig.builder().maxAttachmentBytes(bytes).build())
                .hasMessageStartingWith("maxAttachmentBytes: ");
        assertThat(ServerConfig.builder().maxAttachmentBytes(5_000).build().maxAttachmentBytes()).isEqualTo(5_000);
    }

    @Test
    void sessionTimeoutsMustBePositiveAndOrdered() {
        assertThatThrownBy(() -> ServerConfig.builder().sessionIdleTimeout(Duration.ZERO).build())
                .hasMessageStartingWith("sessionIdleTimeout: must be a positive duration");
        assertThatThrownBy(() -> ServerConfig.builder().sessionAbsoluteTimeout(Duration.ofSeconds(-5)).build())
                .hasMessageStartingWith("sessionAbsoluteTimeout: must be a positive duration");
        assertThatThrownBy(() -> ServerConfig.builder()
                        .sessionIdleTimeout(Duration.ofHours(2)).sessionAbsoluteTimeout(Duration.ofHours(1)).build())
                .hasMessageStartingWith("sessionAbsoluteTimeout: cannot be less than sessionIdleTimeout");
    }
}
