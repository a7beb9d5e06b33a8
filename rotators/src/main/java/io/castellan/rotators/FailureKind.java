package io.castellan.rotators;

/** Why a rotation step failed; the gateway's rotation job decides from this whether to retry, roll back or alert. */
public enum FailureKind {
    /** The target did not answer (DNS, refused connection, timeout); nothing was changed. */
    UNREACHABLE,
    /** The credential used to log in (administrative or the account's own) was rejected. */
    AUTH_FAILED,
    /** The target refused the change: missing privilege, password policy, ACL. The old credential still works. */
    REFUSED_BY_POLICY,
    /** The SSH host key differs from the one pinned for this resource; nothing was sent. */
    HOST_KEY_MISMATCH,
    /** The TLS peer could not be verified (certificate chain or host name). */
    TLS_FAILED,
    /** The new credential did not log in after the change. */
    VERIFY_FAILED,
    /** The target accepted a deliberately wrong password, so a login proves nothing about any password. */
    TRUST_AUTH_DETECTED,
    /** The record or target settings are unusable (bad username, unknown key type, impossible complexity). */
    INVALID_INPUT,
    /** The target answered in a way the rotator does not understand. */
    UNEXPECTED
}
