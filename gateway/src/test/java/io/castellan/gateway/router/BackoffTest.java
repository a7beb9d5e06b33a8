package io.castellan.gateway.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reconnection waits: exponential ceilings with a cap, full jitter below them; the socket address. */
class BackoffTest {

    @Test
    void ceilingsDoubleUpToTheCapAndDelaysAreJitteredBelowThem() {
        Backoff b = Backoff.DEFAULT;
        assertThat(b.ceilingMillis(0)).isEqualTo(250);
        assertThat(b.ceilingMillis(1)).isEqualTo(500);
        assertThat(b.ceilingMillis(5)).isEqualTo(8_000);
        assertThat(b.ceilingMillis(6)).isEqualTo(10_000);
        assertThat(b.ceilingMillis(1000)).isEqualTo(10_000);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long d = b.delay(3).toMillis();
            assertThat(d).isBetween(0L, 1999L);
            seen.add(d);
        }
        assertThat(seen).as("jitter spreads the waits").hasSizeGreaterThan(50);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSocketAddressDerivesFromTheServerAddress() {
        assertThat(RouterClient.socketUri(URI.create("https://vault.example.com:8443")))
                .isEqualTo(URI.create("wss://vault.example.com:8443/api/gateway/v1/connect"));
        assertThat(RouterClient.socketUri(URI.create("https://[::1]:8443/")))
                .isEqualTo(URI.create("wss://[::1]:8443/api/gateway/v1/connect"));
        assertThatThrownBy(() -> RouterClient.socketUri(URI.create("ftp://x")))
                .hasMessageContaining("https://");
    }
}
