package io.castellan.server.pam;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.store.PamConfiguration;
import io.castellan.store.PamConfigurationRepository;
import io.castellan.store.Store;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The server's check that a PAM configuration allows a feature. Rotation, tunnels, connections, remote browser
 * isolation and recordings call {@link #require} before they start anything; a resource can never use a feature its
 * configuration disallows (the gateway checks again on its side).
 */
public final class PamFeatures {

    /** The detail key of a refusal: the feature's wire name. */
    public static final String DETAIL_FEATURE = "feature";

    private final PamConfigurationRepository configs;

    public PamFeatures(Store store, Clock clock) {
        this.configs = new PamConfigurationRepository(Objects.requireNonNull(store, "store").transactions(), clock);
    }

    /**
     * @return the configuration, when it allows {@code feature}
     * @throws CastellanException {@code 404 not_found} when {@code configUid} is no PAM configuration;
     *     {@code 403 forbidden} with detail {@value #DETAIL_FEATURE} naming the feature when it is not allowed
     */
    public PamConfiguration require(String configUid, PamFeature feature) {
        PamConfiguration config = configs.get(configUid)
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no such PAM configuration"));
        requireAllowed(config, feature);
        return config;
    }

    /** As {@link #require}, for a configuration already read. */
    static void requireAllowed(PamConfiguration config, PamFeature feature) {
        if (!config.allows(feature.wireName())) {
            throw new CastellanException(ErrorCode.FORBIDDEN, "the PAM configuration does not allow the feature "
                    + feature.wireName(), Map.of(DETAIL_FEATURE, feature.wireName()), null);
        }
    }
}
