package io.castellan.rotators;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a successful change observed.
 *
 * @param observedHostKey the SSH host key seen (OpenSSH public key line) when none was pinned yet: the job stores it
 *                        in the record so that later connections refuse any other key
 * @param notes safe, human-readable remarks for the job's log (e.g. "2 host entries changed"), never a secret
 */
public record ChangeResult(Optional<String> observedHostKey, List<String> notes) {

    public ChangeResult {
        Objects.requireNonNull(observedHostKey, "observedHostKey");
        notes = List.copyOf(notes);
    }

    /** A result with notes and no host key. */
    public static ChangeResult of(String... notes) {
        return new ChangeResult(Optional.empty(), List.of(notes));
    }
}
