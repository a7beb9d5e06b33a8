package io.castellan.sdk;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The answer to {@link SecretsManager#getSecrets}: the records the application may read, plus what the server says
 * about the application and the device.
 *
 * @param records the decrypted records, direct shares first, then those of each shared folder
 * @param appTitle the application's title (from {@code appData}), or {@code ""}
 * @param expiresOn when the device's access ends, if it does
 * @param warnings messages the server wants shown to the user
 */
public record Secrets(List<Secret> records, String appTitle, Optional<Instant> expiresOn, List<String> warnings) {

    /** Copies the lists. */
    public Secrets {
        records = List.copyOf(records);
        warnings = List.copyOf(warnings);
    }

    /** @return the record with this UID */
    public Optional<Secret> record(String uid) {
        return records.stream().filter(r -> r.uid().equals(uid)).findFirst();
    }

    /** @return every record with exactly this title */
    public List<Secret> byTitle(String title) {
        return records.stream().filter(r -> r.title().equals(title)).toList();
    }
}
