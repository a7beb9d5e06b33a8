package io.castellan.sdk.pam;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.PamRecord;
import io.castellan.sdk.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code pamUser} record (a credential) read through the SDK: login, password, SSH private key. A thin view over
 * the model's {@link PamRecord}; setters change the record's data, which {@code SecretsManager.updateSecret} then
 * saves (a rotation: {@code updateSecret(secret, ROTATION)} then {@code completeTransaction}).
 */
public final class PamUser {

    /** The record type this view reads. */
    public static final String TYPE = "pamUser";

    private final Secret secret;
    private final PamRecord pam;

    private PamUser(Secret secret) {
        this.secret = secret;
        this.pam = PamRecord.of(secret.data());
    }

    /**
     * @param secret a record of type {@value #TYPE}
     * @return the view
     * @throws CastellanException {@link ErrorCode#BAD_REQUEST} when the record is of another type
     */
    public static PamUser of(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        if (!TYPE.equals(secret.type())) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "record " + secret.uid() + " is not a " + TYPE);
        }
        return new PamUser(secret);
    }

    /** @return the record */
    public Secret secret() {
        return secret;
    }

    /** @return the login (user name, DN or {@code user@domain}) */
    public Optional<String> login() {
        return pam.login();
    }

    /** @return the password */
    public Optional<String> password() {
        return pam.password();
    }

    /** @param password the new password */
    public void setPassword(String password) {
        pam.setPassword(Objects.requireNonNull(password, "password"));
    }

    /** @return the PEM private key of the {@code secret:privatePEMKey} field */
    public Optional<String> privatePemKey() {
        return pam.privatePemKey();
    }

    /** @return the {@code text:distinguishedName} value (directory users) */
    public Optional<String> distinguishedName() {
        return pam.text("distinguishedName");
    }

    /** @return the {@code text:connectDatabase} value (database users) */
    public Optional<String> connectDatabase() {
        return pam.text("connectDatabase");
    }

    /** @return whether the credential is managed (rotated) by Castellan, when recorded */
    public Optional<Boolean> managed() {
        return pam.checkbox("managed");
    }

    @Override
    public String toString() {
        return "PamUser[" + secret.uid() + "]";
    }
}
