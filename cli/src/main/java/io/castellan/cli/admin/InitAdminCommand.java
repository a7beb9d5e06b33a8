package io.castellan.cli.admin;

import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.NewPasswords;
import io.castellan.cli.support.PasswordReader;
import io.castellan.cli.support.Printer;
import io.castellan.client.keys.AccountKeys;
import io.castellan.client.keys.AccountMaterial;
import io.castellan.client.keys.IterationPolicy;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import io.castellan.store.StoreConfig;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code castellan server init-admin --data-dir DIR --email EMAIL}: creates the first administrator offline. The
 * master password is read as for {@code register} (file, {@code $CASTELLAN_PASSWORD} or a prompt asked twice), the
 * keys are made here with {@link AccountMaterial#create} — the same code {@code register} uses — and handed to the
 * {@link AdminBootstrap}, which writes them to the store.
 */
@Command(name = "init-admin",
        description = {"Create the first administrator directly in the store (run while the server is stopped).",
            "The master password comes from --password-file, $CASTELLAN_PASSWORD or a prompt (asked twice)."})
public final class InitAdminCommand extends CastellanSubcommand {

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The server's data directory.")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "The server's PostgreSQL JDBC URL, when it does not use the embedded SQLite store.")
    String dbUrl;

    @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "The administrator's e-mail.")
    String email;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the master password from FILE.")
    Path passwordFile;

    @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
    int iterations = AccountKeys.DEFAULT_ITERATIONS;

    PasswordReader passwords = PasswordReader.system();

    private final Supplier<AdminBootstrap> bootstrap;

    /** Writes to the real store ({@link StoreAdminBootstrap}). */
    public InitAdminCommand() {
        this(StoreAdminBootstrap::new);
    }

    /** @param bootstrap where the administrator is written */
    public InitAdminCommand(Supplier<AdminBootstrap> bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    protected int execute() {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--data-dir " + dataDir + " is not a directory");
        }
        if (email.isBlank() || !email.contains("@")) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--email needs an e-mail address");
        }
        IterationPolicy.check(iterations);
        AdminBootstrap target = bootstrap.get();
        char[] password = NewPasswords.check(passwords.read(passwordFile,
                "Choose the master password for " + email + ": ", true));
        AccountMaterial material = AccountMaterial.create(password, iterations);
        String uid;
        try {
            uid = target.createAdmin(StoreConfig.of(dataDir, dbUrl), email, material);
        } finally {
            material.wipe();
        }
        Printer printer = printer();
        if (printer.json()) {
            printer.json(Printer.object().put("email", email).put("userUid", uid).put("isAdmin", true));
        } else {
            printer.line("Created administrator " + email + " (" + uid + "). Start the server, then:"
                    + " castellan login " + email + " --server https://HOST:PORT");
        }
        return 0;
    }
}
