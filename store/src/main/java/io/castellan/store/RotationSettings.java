package io.castellan.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The rotation settings of one {@code pamUser} record ({@code pam_rotation_settings}).
 *
 * @param recordUid         the pamUser record whose credential rotates
 * @param resourceUid       the PAM resource (machine, database, directory) that performs the rotation
 * @param configUid         the PAM configuration (gateway, features)
 * @param rotationType      {@code general}, {@code iam_user} or {@code scripts_only}
 * @param scheduleJson      the schedule (validated JSON); empty: on demand only
 * @param noop              rotate in the vault only, without touching the target
 * @param enabled           whether scheduled and on-demand rotations run
 * @param encryptedSettings AES-256-GCM under the record key: complexity, special characters, script settings
 * @param updatedBy         the user who last changed them
 */
public record RotationSettings(String recordUid, String resourceUid, String configUid, String rotationType,
        Optional<String> scheduleJson, boolean noop, boolean enabled, byte[] encryptedSettings, String updatedBy,
        Instant createdAt, Instant updatedAt) {

    public RotationSettings {
        Objects.requireNonNull(recordUid, "recordUid");
        Objects.requireNonNull(scheduleJson, "scheduleJson");
        Objects.requireNonNull(encryptedSettings, "encryptedSettings");
    }
}
