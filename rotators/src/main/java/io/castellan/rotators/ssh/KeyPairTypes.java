package io.castellan.rotators.ssh;

/** OpenSSH key type names. */
public final class KeyPairTypes {

    public static final String ED25519 = "ssh-ed25519";
    public static final String ECDSA_P256 = "ecdsa-sha2-nistp256";
    public static final String ECDSA_P384 = "ecdsa-sha2-nistp384";
    public static final String ECDSA_P521 = "ecdsa-sha2-nistp521";
    public static final String RSA = "ssh-rsa";

    private KeyPairTypes() {
    }
}
