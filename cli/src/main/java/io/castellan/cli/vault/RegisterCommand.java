package io.castellan.cli.vault;

import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.NewPasswords;
import io.castellan.cli.support.PasswordReader;
import io.castellan.cli.support.Printer;
import io.castellan.client.api.AccountApi;
import io.castellan.client.keys.AccountKeys;
import io.castellan.client.keys.AccountMaterial;
import io.castellan.client.keys.IterationPolicy;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code castellan register EMAIL --invite CODE}: accepts an administrator's invitation by choosing a master
 * password. The keys are made here; the server receives only the auth hash and ciphertext.
 */
@Command(name = "register",
        description = {"Create your account from an invitation code.",
            "The master password comes from --password-file, $CASTELLAN_PASSWORD or a prompt (asked twice)."})
public final class RegisterCommand extends CastellanSubcommand {

    @Parameters(paramLabel = "EMAIL", description = "The invited e-mail address.")
    String email;

    @Option(names = "--invite", required = true, paramLabel = "CODE", description = "The invitation code.")
    String invite;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the new master password from FILE.")
    Path passwordFile;

    @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
    int iterations = AccountKeys.DEFAULT_ITERATIONS;

    PasswordReader passwords = PasswordReader.system();

    @Override
    protected int execute() {
        IterationPolicy.check(iterations);
        Printer printer = printer();
        FirstContact contact = FirstContact.connect(context(), false, printer);
        char[] password = NewPasswords.check(passwords.read(passwordFile, "Choose a master password: ", true));
        AccountMaterial material = AccountMaterial.create(password, iterations);
        String uid;
        try {
            uid = new AccountApi(contact.transport()).register(email, invite, material);
        } finally {
            material.wipe();
        }
        context().save(contact.config());
        if (printer.json()) {
            printer.json(Printer.object().put("email", email).put("userUid", uid)
                    .put("pinnedFingerprint", contact.pinnedNow()));
        } else {
            if (contact.pinnedNow() != null) {
                printer.line("Pinned the server's TLS certificate, SHA-256 fingerprint " + contact.pinnedNow());
            }
            printer.line("Registered " + email + " (" + uid + "). Log in with: castellan login " + email);
        }
        return 0;
    }
}
