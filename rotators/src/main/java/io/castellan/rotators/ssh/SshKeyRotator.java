package io.castellan.rotators.ssh;

import io.castellan.rotators.ChangeResult;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.Rotator;
import io.castellan.rotators.TargetOptions;
import io.castellan.rotators.password.PasswordComplexity;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSH keys in {@code ~/.ssh/authorized_keys}, rotated by the account itself: generate a key of the same type and
 * size as the current one (or the type the record's "Private Key Type" field forces), add its public key, log in
 * with it, then remove the old public key. "Private Key Rotate" = False keeps the current key. The new private key
 * is returned in OpenSSH format for the record.
 */
public final class SshKeyRotator implements Rotator {

    private static final Logger LOG = LoggerFactory.getLogger(SshKeyRotator.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SAFE_LINE = Pattern.compile("[a-z0-9-]+ [A-Za-z0-9+/=]+");

    @Override
    public String kind() {
        return "ssh-key";
    }

    /** False when the record's "Private Key Rotate" custom field says False. */
    static boolean rotates(RotationTarget target) {
        return !target.option(TargetOptions.PRIVATE_KEY_ROTATE).map(v -> v.trim().equalsIgnoreCase("false")).orElse(false);
    }

    @Override
    public Credential generate(Credential current, RotationTarget target, PasswordComplexity complexity) throws RotationException {
        char[] currentKey = current.requirePrivateKey();
        if (!rotates(target)) {
            return Credential.of(current.username(), current.password().map(char[]::clone).orElse(null), currentKey.clone());
        }
        KeyPair old = SshKeys.parse(currentKey, current.username());
        Optional<String> forced = target.option(TargetOptions.PRIVATE_KEY_TYPE).map(String::trim);
        String type = forced.orElse(SshKeys.typeOf(old));
        int bits = forced.isPresent() && !forced.get().equals(SshKeys.typeOf(old)) ? SshKeys.TYPES.getOrDefault(type, 256)
                : Math.max(SshKeys.sizeOf(old), type.equals(KeyPairTypes.RSA) ? 2048 : 0);
        KeyPair next = SshKeys.generate(type, bits);
        char[] text = SshKeys.toOpenSsh(next, current.username() + "@castellan");
        return Credential.of(current.username(), current.password().map(char[]::clone).orElse(null), text);
    }

    @Override
    public ChangeResult change(RotationTarget target, Credential current, Credential next) throws RotationException {
        String user = current.username();
        if (!rotates(target)) {
            return ChangeResult.of("key kept: the record says Private Key Rotate=False");
        }
        KeyPair oldKey = SshKeys.parse(current.requirePrivateKey(), user);
        KeyPair newKey = SshKeys.parse(next.requirePrivateKey(), user);
        String newLine = safeLine(SshKeys.publicLine(newKey));
        String oldBlob = SshKeys.blobOf(safeLine(SshKeys.publicLine(oldKey)));
        Optional<String> observed;
        try (SshSessions.Opened opened = SshSessions.loginWithKey(target, user, oldKey, kind())) {
            observed = opened.observedHostKey();
            expectZero(RemoteCommand.run(opened.session(), "umask 077 && mkdir -p ~/.ssh && printf '%s\\n' '" + newLine
                    + "' >> ~/.ssh/authorized_keys", null, COMMAND_TIMEOUT, kind()), target, user, "adding the new public key");
        }
        RotationTarget pinned = target.pinnedHostKey().isPresent() || observed.isEmpty() ? target
                : target.withPinnedHostKey(observed.get());
        try (SshSessions.Opened withNew = SshSessions.loginWithKey(pinned, user, newKey, kind())) {
            expectZero(RemoteCommand.run(withNew.session(), "f=~/.ssh/authorized_keys; t=$(mktemp ~/.ssh/.ak.XXXXXX) && "
                    + "{ grep -v -F -- '" + oldBlob + "' \"$f\" || true; } > \"$t\" && chmod 600 \"$t\" && mv \"$t\" \"$f\"",
                    null, COMMAND_TIMEOUT, kind()), target, user, "removing the old public key");
        } catch (RotationException e) {
            if (e.kind() == FailureKind.AUTH_FAILED) {
                throw new RotationException(FailureKind.VERIFY_FAILED, kind() + ": the new key of '" + user
                        + "' does not log in at " + target.address() + "; the old key was left in place");
            }
            throw e;
        }
        LOG.info("ssh-key: key of {} at {} rotated to {}", user, target.address(), SshKeys.fingerprintOf(newLine));
        return new ChangeResult(target.pinnedHostKey().isEmpty() ? observed : Optional.empty(),
                List.of("new " + SshKeys.typeOf(newKey) + " key " + SshKeys.fingerprintOf(newLine) + " replaces "
                        + SshKeys.fingerprintOf(SshKeys.publicLine(oldKey))));
    }

    private String safeLine(String line) throws RotationException {
        if (!SAFE_LINE.matcher(line).matches()) {
            throw new RotationException(FailureKind.UNEXPECTED, kind() + ": a public key line had unexpected characters");
        }
        return line;
    }

    private void expectZero(RemoteCommand.Result r, RotationTarget target, String user, String step) throws RotationException {
        if (r.exitStatus() != 0) {
            throw new RotationException(FailureKind.REFUSED_BY_POLICY, kind() + ": " + step + " for '" + user + "' at "
                    + target.address() + " failed (status " + r.exitStatus() + ")");
        }
    }

    @Override
    public boolean authenticates(RotationTarget target, Credential candidate) throws RotationException {
        KeyPair key = SshKeys.parse(candidate.requirePrivateKey(), candidate.username());
        if (!SshSessions.canLogin(target, candidate.username(), Optional.of(key), null, kind())) {
            return false;
        }
        KeyPair decoy = SshKeys.generate(KeyPairTypes.ED25519, 256);
        if (SshSessions.canLogin(target, candidate.username(), Optional.of(decoy), null, kind())) {
            throw new RotationException(FailureKind.TRUST_AUTH_DETECTED, kind() + ": " + target.address() + " let '"
                    + candidate.username() + "' log in with a key it was never given, so no login there proves a key");
        }
        return true;
    }
}
