package io.castellan.rotators;

/** Keys of {@link RotationTarget#options()}; the record's custom fields keep their Keeper labels. */
public final class TargetOptions {

    /** Custom field: force the type of the next SSH key ("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", ...). */
    public static final String PRIVATE_KEY_TYPE = "Private Key Type";
    /** Custom field: "False" keeps the current SSH key (only the password rotates). */
    public static final String PRIVATE_KEY_ROTATE = "Private Key Rotate";
    /** Path of a PEM file with the CA certificate(s) that the target's TLS certificate must chain to. */
    public static final String TLS_CA_FILE = "tlsCaFile";
    /** LDAP: "ldaps" (default) or "starttls"; plain LDAP is refused. */
    public static final String LDAP_TLS = "ldapTls";
    /** LDAP: "password-modify" (default, RFC 3062), "replace" (userPassword) or "active-directory" (unicodePwd). */
    public static final String LDAP_METHOD = "ldapMethod";

    private TargetOptions() {
    }
}
