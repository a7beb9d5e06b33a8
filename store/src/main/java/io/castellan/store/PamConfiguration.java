package io.castellan.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server enforces about one PAM configuration record ({@code pam_configurations}). The record itself (title,
 * credentials of the cloud account, ...) is ciphertext in {@code records}; these values are plaintext by design.
 *
 * @param recordUid       the configuration record
 * @param ownerUid        the user who registered the configuration
 * @param environment     {@code local}, {@code aws}, {@code azure} or {@code domain}
 * @param gatewayUid      the Secrets Manager client id of the gateway that serves it
 * @param sharedFolderUid the shared folder its resources and users live in
 * @param features        the features it allows (lower-case names), sorted, no duplicates
 * @param scheduleJson    the default rotation schedule (validated JSON); empty: on demand
 * @param portMappingJson the port mapping, a JSON object of port to protocol (validated JSON, {@code {}} if none)
 */
public record PamConfiguration(String recordUid, String ownerUid, String environment, String gatewayUid,
        String sharedFolderUid, List<String> features, Optional<String> scheduleJson, String portMappingJson,
        Instant createdAt, Instant updatedAt) {

    public PamConfiguration {
        Objects.requireNonNull(recordUid, "recordUid");
        features = List.copyOf(features);
        Objects.requireNonNull(scheduleJson, "scheduleJson");
        Objects.requireNonNull(portMappingJson, "portMappingJson");
    }

    /** Whether {@code feature} (a lower-case name) is allowed. */
    public boolean allows(String feature) {
        return features.contains(feature);
    }
}
