package io.castellan.rotators.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedResult;
import io.castellan.rotators.ChangeResult;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.Passwords;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.Rotator;
import io.castellan.rotators.TargetOptions;
import io.castellan.rotators.password.PasswordComplexity;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LDAP directory passwords (the credential's username is the entry's DN), always over LDAPS or StartTLS:
 * the password-modify extended operation (RFC 3062, the server hashes the password by its own policy), a replace of
 * {@code userPassword}, or Active Directory's {@code unicodePwd}; with the admin credential or by the entry itself.
 * Verification is a simple bind as the entry.
 */
public final class LdapRotator implements Rotator {

    private static final Logger LOG = LoggerFactory.getLogger(LdapRotator.class);

    @Override
    public String kind() {
        return "ldap";
    }

    @Override
    public Credential generate(Credential current, RotationTarget target, PasswordComplexity complexity) {
        return Passwords.next(current, complexity);
    }

    @Override
    public ChangeResult change(RotationTarget target, Credential current, Credential next) throws RotationException {
        String dn = current.username();
        Credential login = target.admin().orElse(current);
        boolean self = target.admin().isEmpty();
        String method = method(target);
        String step = "changing the password of '" + dn + "' (" + method + ") as '" + login.username() + "'";
        byte[] currentBytes = null;
        byte[] nextBytes = RemoteBytes.utf8(next.requirePassword());
        try (LDAPConnection c = LdapConnections.open(target)) {
            bind(c, login, target);
            switch (method) {
                case "password-modify" -> {
                    currentBytes = self ? RemoteBytes.utf8(current.requirePassword()) : null;
                    PasswordModifyExtendedResult r = (PasswordModifyExtendedResult) c.processExtendedOperation(
                            new PasswordModifyExtendedRequest(dn, currentBytes, nextBytes));
                    if (r.getResultCode() != ResultCode.SUCCESS) {
                        throw new LDAPException(r.getResultCode());
                    }
                }
                case "replace" -> c.modify(new ModifyRequest(dn, new Modification(ModificationType.REPLACE, "userPassword", nextBytes)));
                default -> {
                    List<Modification> mods = self
                            ? ActiveDirectoryPassword.selfChange(current.requirePassword(), next.requirePassword())
                            : ActiveDirectoryPassword.adminReset(next.requirePassword());
                    try {
                        c.modify(new ModifyRequest(dn, mods));
                    } finally {
                        ActiveDirectoryPassword.wipe(mods);
                    }
                }
            }
        } catch (LDAPException e) {
            throw LdapErrors.classify(e, target, step);
        } finally {
            Arrays.fill(nextBytes, (byte) 0);
            if (currentBytes != null) {
                Arrays.fill(currentBytes, (byte) 0);
            }
        }
        LOG.info("ldap: password of {} changed at {} with {} (as {})", dn, target.address(), method, login.username());
        return ChangeResult.of("changed with " + method + (self ? " by the entry itself" : " with the admin credential"));
    }

    static String method(RotationTarget target) throws RotationException {
        String m = target.option(TargetOptions.LDAP_METHOD).orElse("password-modify").trim().toLowerCase(Locale.ROOT);
        if (!List.of("password-modify", "replace", "active-directory").contains(m)) {
            throw new RotationException(FailureKind.INVALID_INPUT, "ldap: method must be password-modify, replace or active-directory");
        }
        return m;
    }

    private static void bind(LDAPConnection c, Credential who, RotationTarget target) throws LDAPException, RotationException {
        byte[] pw = RemoteBytes.utf8(who.requirePassword());
        try {
            c.bind(new SimpleBindRequest(who.username(), pw));
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    @Override
    public boolean authenticates(RotationTarget target, Credential candidate) throws RotationException {
        if (!canBind(target, candidate.username(), candidate.requirePassword())) {
            return false;
        }
        char[] decoy = Passwords.decoy();
        try {
            if (canBind(target, candidate.username(), decoy)) {
                throw Passwords.trustAuth(kind(), target, candidate.username());
            }
        } finally {
            Arrays.fill(decoy, '\0');
        }
        return true;
    }

    private static boolean canBind(RotationTarget target, String dn, char[] password) throws RotationException {
        Credential probe = Credential.password(dn, password.clone());
        try (LDAPConnection c = LdapConnections.open(target)) {
            bind(c, probe, target);
            return true;
        } catch (LDAPException e) {
            RotationException r = LdapErrors.classify(e, target, "binding as '" + dn + "'");
            if (r.kind() == FailureKind.AUTH_FAILED) {
                return false;
            }
            throw r;
        } finally {
            probe.wipe();
        }
    }
}
