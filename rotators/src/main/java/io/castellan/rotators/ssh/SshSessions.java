package io.castellan.rotators.ssh;

import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/**
 * Opens authenticated SSH sessions with Apache MINA sshd: one client per session so that the host-key pin cannot
 * leak between targets, no identities from the gateway's own ~/.ssh, and a host key check before any credential.
 */
final class SshSessions {

    private SshSessions() {
    }

    /** An open, authenticated session; closing it stops the client. */
    record Opened(SshClient client, ClientSession session, Optional<String> observedHostKey) implements AutoCloseable {
        @Override
        public void close() {
            try {
                session.close();
            } catch (IOException ignored) {
                // closing a session that already failed; nothing to tell
            } finally {
                client.stop();
            }
        }
    }

    /** Logs in with the credential's private key if it has one, else its password. */
    static Opened login(RotationTarget target, Credential credential, String kind) throws RotationException {
        Optional<KeyPair> key = credential.privateKey().isPresent()
                ? Optional.of(SshKeys.parse(credential.privateKey().get(), credential.username()))
                : Optional.empty();
        return open(target, credential.username(), key, key.isPresent() ? null : credential.requirePassword(), kind);
    }

    static Opened loginWithKey(RotationTarget target, String user, KeyPair key, String kind) throws RotationException {
        return open(target, user, Optional.of(key), null, kind);
    }

    private static Opened open(RotationTarget target, String user, Optional<KeyPair> key, char[] password, String kind)
            throws RotationException {
        LinuxNames.requireValidUser(user, kind);
        HostKeyPin pin = new HostKeyPin(target.pinnedHostKey());
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(pin);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.start();
        ClientSession session = null;
        Duration timeout = target.connectTimeout();
        try {
            session = client.connect(user, target.host(), target.port()).verify(timeout).getSession();
            if (key.isPresent()) {
                session.addPublicKeyIdentity(key.get());
            } else {
                session.addPasswordIdentity(new String(password));
            }
            session.auth().verify(timeout.plusSeconds(20));
            return new Opened(client, session, pin.observed());
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                try {
                    session.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            client.stop();
            throw classify(e, pin, target, user, kind);
        }
    }

    private static RotationException classify(Exception e, HostKeyPin pin, RotationTarget target, String user, String kind) {
        String where = kind + ": logging in as '" + user + "' at " + target.address() + " failed: ";
        if (pin.mismatch()) {
            return new RotationException(FailureKind.HOST_KEY_MISMATCH, where + "the host key differs from the one pinned for "
                    + "this resource (presented " + pin.observed().map(SshKeys::fingerprintOf).orElse("?") + "); nothing was sent");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return new RotationException(FailureKind.UNREACHABLE, where + "the host is unreachable");
            }
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("No more authentication methods") || m.contains("authentication")) {
            return new RotationException(FailureKind.AUTH_FAILED, where + "the login was rejected");
        }
        if (e instanceof org.apache.sshd.common.SshException && pin.observed().isEmpty() || m.contains("timeout")
                || m.contains("Timeout")) {
            return new RotationException(FailureKind.UNREACHABLE, where + "no SSH answer in time");
        }
        return new RotationException(FailureKind.UNEXPECTED, where + "unexpected SSH failure (" + e.getClass().getSimpleName() + ")");
    }

    /** @return true when the login succeeds, false when the server rejects the credential */
    static boolean canLogin(RotationTarget target, String user, Optional<KeyPair> key, char[] password, String kind)
            throws RotationException {
        try (Opened ignored = open(target, user, key, password, kind)) {
            return true;
        } catch (RotationException e) {
            if (e.kind() == FailureKind.AUTH_FAILED) {
                return false;
            }
            throw e;
        }
    }
}
