package io.castellan.gateway.rotation;

import io.castellan.model.record.PamRecord;
import io.castellan.model.record.RecordData;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import java.util.Optional;

/** Reads a credential out of a pamUser-like record and writes a new one into it. */
final class CredentialFields {

    private CredentialFields() {
    }

    /**
     * @param data a pamUser (or resource) record
     * @param usernameOverride a DN for LDAP, else null to use {@code login}
     * @return the credential it holds
     */
    static Credential read(RecordData data, String usernameOverride) throws RotationException {
        PamRecord pam = PamRecord.of(data);
        String user = usernameOverride != null ? usernameOverride : pam.login().orElse("");
        if (user.isBlank()) {
            throw new RotationException(FailureKind.INVALID_INPUT, "the record has no login");
        }
        char[] password = pam.password().filter(p -> !p.isEmpty()).map(String::toCharArray).orElse(null);
        char[] key = pam.privatePemKey().filter(k -> !k.isBlank()).map(String::toCharArray).orElse(null);
        if (password == null && key == null) {
            throw new RotationException(FailureKind.INVALID_INPUT, "the record holds neither a password nor a private key");
        }
        return Credential.of(user, password, key);
    }

    /** @return the admin credential of a resource record, when it names a login */
    static Optional<Credential> readAdmin(RecordData resource) throws RotationException {
        PamRecord pam = PamRecord.of(resource);
        if (pam.login().filter(l -> !l.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        if (pam.password().filter(p -> !p.isEmpty()).isEmpty() && pam.privatePemKey().filter(k -> !k.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(read(resource, null));
    }

    /** Writes the new secret(s) of {@code next} into {@code data} (password and/or private key). */
    static void write(RecordData data, Credential next) {
        PamRecord pam = PamRecord.of(data);
        next.password().ifPresent(p -> pam.setPassword(new String(p)));
        next.privateKey().ifPresent(k -> pam.setPrivatePemKey(new String(k)));
    }
}
