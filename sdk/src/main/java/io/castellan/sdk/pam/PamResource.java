package io.castellan.sdk.pam;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.HostPort;
import io.castellan.model.record.PamRecord;
import io.castellan.sdk.Secret;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A PAM resource record read through the SDK: {@code pamMachine}, {@code pamDatabase} or {@code pamDirectory}. Host
 * and port come from {@code pamHostname}; login and password are those stored on the resource itself (usually the
 * administrative credential is a linked {@code pamUser}, see {@link #linkedRecordUids()}). A thin view over the
 * model's {@link PamRecord}.
 */
public final class PamResource {

    /** The record types this view reads. */
    public static final Set<String> TYPES = Set.of("pamMachine", "pamDatabase", "pamDirectory");

    private final Secret secret;
    private final PamRecord pam;

    private PamResource(Secret secret) {
        this.secret = secret;
        this.pam = PamRecord.of(secret.data());
    }

    /**
     * @param secret a {@code pamMachine}, {@code pamDatabase} or {@code pamDirectory} record
     * @return the view
     * @throws CastellanException {@link ErrorCode#BAD_REQUEST} when the record is of another type
     */
    public static PamResource of(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        if (!TYPES.contains(secret.type())) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "record " + secret.uid() + " is not a pamMachine, pamDatabase or pamDirectory");
        }
        return new PamResource(secret);
    }

    /** @return the record */
    public Secret secret() {
        return secret;
    }

    /** @return the record type */
    public String type() {
        return secret.type();
    }

    /** @return the host name or address */
    public Optional<String> host() {
        return pam.hostname().map(HostPort::hostName).filter(h -> !h.isEmpty());
    }

    /** @return the port, when it is a number from 1 to 65535 */
    public OptionalInt port() {
        return pam.hostname().map(HostPort::portNumber).orElse(OptionalInt.empty());
    }

    /** @return the login stored on the resource */
    public Optional<String> login() {
        return pam.login();
    }

    /** @return the password stored on the resource */
    public Optional<String> password() {
        return pam.password();
    }

    /** @return the {@code checkbox:useSSL} value (databases and directories) */
    public Optional<Boolean> useSsl() {
        return pam.checkbox("useSSL");
    }

    /** @return the PEM private key of the {@code secret:privatePEMKey} field (machines) */
    public Optional<String> privatePemKey() {
        return pam.privatePemKey();
    }

    /** @return the {@code databaseType} value of a database, e.g. {@code postgresql} */
    public Optional<String> databaseType() {
        return secret.data().firstValue("databaseType", null);
    }

    /** @return the UIDs of records this resource links to ({@code recordRef} fields) */
    public List<String> linkedRecordUids() {
        return pam.recordRefs(null);
    }

    @Override
    public String toString() {
        return "PamResource[" + secret.uid() + ", " + type() + "]";
    }
}
