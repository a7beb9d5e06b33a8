package io.castellan.cli.vault;

import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.PasswordReader;
import io.castellan.cli.support.Printer;
import io.castellan.client.api.AccountApi;
import io.castellan.client.api.SignedIn;
import io.castellan.client.keys.DerivedKeys;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan login EMAIL}: derives the keys from the master password, proves them to the server, and stores
 * the session in the config file (the data key only as {@code AES-GCM(sessionKey, dataKey)}). On the first
 * connection to a server its certificate is pinned and the fingerprint printed.
 */
@Command(name = "login",
        description = {"Log in to a Castellan server and keep the session in the config file.",
            "The master password comes from --password-file, $CASTELLAN_PASSWORD or a prompt; never an argument."})
public final class LoginCommand extends CastellanSubcommand {

    @Parameters(paramLabel = "EMAIL", description = "Your account's e-mail address.")
    String email;

    @Option(names = "--totp", paramLabel = "CODE", description = "The current TOTP code, if your account uses one.")
    String totp;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the master password from FILE.")
    Path passwordFile;

    @Option(names = "--repin", description = "Trust and pin the certificate the server presents now "
            + "(after a planned certificate change).")
    boolean repin;

    PasswordReader passwords = PasswordReader.system();

    @Override
    protected int execute() {
        Printer printer = printer();
        FirstContact contact = FirstContact.connect(context(), repin, printer);
        AccountApi account = new AccountApi(contact.transport());
        char[] password = passwords.read(passwordFile, "Master password for " + email + ": ", false);
        SignedIn in;
        try (DerivedKeys keys = account.prepareLogin(email, password)) {
            in = login(account, keys);
        }
        context().save(contact.config().withSession(in.email(), in.userUid(), in.session(), in.sessionDataKey(),
                in.encryptedPrivateKey(), in.publicKey()));
        if (printer.json()) {
            printer.json(Printer.object().put("email", in.email()).put("userUid", in.userUid())
                    .put("isAdmin", in.admin()).put("server", contact.config().server())
                    .put("pinnedFingerprint", contact.pinnedNow()));
        } else {
            if (contact.pinnedNow() != null) {
                printer.line("Pinned the server's TLS certificate, SHA-256 fingerprint " + contact.pinnedNow());
                printer.line("(compare it with 'openssl x509 -noout -fingerprint -sha256' on the server).");
            }
            printer.line("Logged in as " + in.email() + " on " + contact.config().server() + ".");
        }
        return 0;
    }

    private SignedIn login(AccountApi account, DerivedKeys keys) {
        try {
            return account.login(email, keys, totp);
        } catch (CastellanException e) {
            if (totp != null || !AccountApi.isTotpRequired(e)) {
                throw e;
            }
            String code = passwords.readLine("TOTP code: ");
            if (code == null || code.isEmpty()) {
                throw new CastellanException(ErrorCode.UNAUTHENTICATED,
                        "this account requires a TOTP code: pass --totp CODE");
            }
            return account.login(email, keys, code);
        }
    }
}
