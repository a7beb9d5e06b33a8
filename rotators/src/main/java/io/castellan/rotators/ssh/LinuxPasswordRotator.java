package io.castellan.rotators.ssh;

import io.castellan.rotators.ChangeResult;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.Passwords;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.Rotator;
import io.castellan.rotators.password.PasswordComplexity;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux account passwords over SSH: with the admin credential through {@code sudo chpasswd} (the new password on
 * stdin; sudo's own password first when sudo asks for one), or by the user itself through {@code passwd} on a
 * pseudo-terminal. Verification logs in over SSH with the password. The host key is pinned on first use.
 */
public final class LinuxPasswordRotator implements Rotator {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxPasswordRotator.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String kind() {
        return "ssh-password";
    }

    @Override
    public Credential generate(Credential current, RotationTarget target, PasswordComplexity complexity) {
        return Passwords.next(current, complexity);
    }

    @Override
    public ChangeResult change(RotationTarget target, Credential current, Credential next) throws RotationException {
        String user = current.username();
        LinuxNames.requireValidUser(user, kind());
        requireNoNewline(next.requirePassword());
        Credential login = target.admin().orElse(current);
        try (SshSessions.Opened opened = SshSessions.login(target, login, kind())) {
            if (target.admin().isPresent()) {
                changeWithSudo(opened, target, login, user, next.requirePassword());
            } else {
                PasswdConversation.run(opened.session(), current.requirePassword(), next.requirePassword(), COMMAND_TIMEOUT,
                        kind() + ": passwd for '" + user + "' at " + target.address());
            }
            LOG.info("ssh-password: password of {} changed at {} (as {})", user, target.address(), login.username());
            return new ChangeResult(target.pinnedHostKey().isEmpty() ? opened.observedHostKey() : Optional.empty(),
                    List.of(target.admin().isPresent() ? "changed with sudo chpasswd" : "changed by the user with passwd"));
        }
    }

    private void changeWithSudo(SshSessions.Opened opened, RotationTarget target, Credential admin, String user, char[] next)
            throws RotationException {
        String where = kind() + ": sudo chpasswd for '" + user + "' at " + target.address() + " as '" + admin.username() + "'";
        boolean passwordless = RemoteCommand.run(opened.session(), "sudo -n true", null, COMMAND_TIMEOUT, kind()).exitStatus() == 0;
        char[] line = chpasswdInput(passwordless ? null : admin.password().orElse(null), user, next);
        RemoteCommand.Result r;
        try {
            r = RemoteCommand.run(opened.session(), passwordless ? "sudo -n chpasswd" : "sudo -S -p '' chpasswd", line,
                    COMMAND_TIMEOUT, kind());
        } finally {
            Arrays.fill(line, '\0');
        }
        if (r.exitStatus() == 0) {
            return;
        }
        String err = r.stderr();
        if (err.contains("incorrect password") || err.contains("password attempt")) {
            throw new RotationException(FailureKind.AUTH_FAILED, where + " failed: sudo rejected the admin password");
        }
        if (err.contains("sudoers") || err.contains("not allowed") || err.contains("may not run")) {
            throw new RotationException(FailureKind.REFUSED_BY_POLICY, where + " failed: sudo does not allow this account to run chpasswd");
        }
        throw new RotationException(FailureKind.REFUSED_BY_POLICY, where + " failed: chpasswd exited with status " + r.exitStatus());
    }

    private static char[] chpasswdInput(char[] sudoPassword, String user, char[] next) throws RotationException {
        StringBuilder sb = new StringBuilder();
        if (sudoPassword != null) {
            requireNoNewline(sudoPassword);
            sb.append(sudoPassword).append('\n');
        }
        sb.append(user).append(':').append(next).append('\n');
        char[] out = new char[sb.length()];
        sb.getChars(0, sb.length(), out, 0);
        sb.setLength(0);
        sb.append(" ".repeat(out.length)); // overwrites the builder's buffer, which held the secrets
        return out;
    }

    private static void requireNoNewline(char[] password) throws RotationException {
        for (char c : password) {
            if (c == '\n' || c == '\r' || c == '\0') {
                throw new RotationException(FailureKind.INVALID_INPUT, "ssh-password: passwords with line breaks or NUL cannot be set");
            }
        }
    }

    @Override
    public boolean authenticates(RotationTarget target, Credential candidate) throws RotationException {
        if (!SshSessions.canLogin(target, candidate.username(), Optional.empty(), candidate.requirePassword(), kind())) {
            return false;
        }
        char[] decoy = Passwords.decoy();
        try {
            if (SshSessions.canLogin(target, candidate.username(), Optional.empty(), decoy, kind())) {
                throw Passwords.trustAuth(kind(), target, candidate.username());
            }
        } finally {
            Arrays.fill(decoy, '\0');
        }
        return true;
    }
}
