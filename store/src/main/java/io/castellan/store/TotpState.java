package io.castellan.store;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A user's second factor as stored: seeds encrypted by the server's at-rest key (never plain).
 *
 * @param secretEncrypted  the confirmed seed; present means TOTP is required at login
 * @param pendingEncrypted a seed set up but not yet confirmed
 * @param lastStep         the newest 30-second time step whose code was accepted
 */
public record TotpState(Optional<byte[]> secretEncrypted, Optional<byte[]> pendingEncrypted, OptionalLong lastStep) {

    public boolean enabled() {
        return secretEncrypted.isPresent();
    }
}
