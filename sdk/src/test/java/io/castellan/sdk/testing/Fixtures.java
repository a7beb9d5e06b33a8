package io.castellan.sdk.testing;

import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.transport.ThrottlePolicy;
import io.castellan.sdk.transport.TlsTrust;
import java.time.Duration;

/** Options and clients wired to a {@link FakeDeviceServer}. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Options trusting the fake's pinned certificate, with its host:port and a sleeper that does not sleep. */
    public static SecretsManagerOptions.Builder options(FakeDeviceServer server, RecordingSleeper sleeper)
            throws Exception {
        return SecretsManagerOptions.builder().hostName(server.hostname()).tls(TlsTrust.pinned(server.fingerprint()))
                .requestTimeout(Duration.ofSeconds(10))
                .throttle(new ThrottlePolicy(3, Duration.ofSeconds(30), sleeper));
    }

    /** A device initialised from a fresh token of {@code server} and bound by one {@code getSecrets} call. */
    public static SecretsManager boundDevice(FakeDeviceServer server) throws Exception {
        SecretsManager sm = SecretsManager.initialize(server.newToken(), options(server, new RecordingSleeper()).build());
        sm.getSecrets();
        return sm;
    }
}
