package io.castellan.server;

import io.castellan.server.backup.BackupManifest;
import io.castellan.server.backup.DataDirBackup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code castellan server backup --data-dir DIR --out FILE [--keys-only]}: one archive (mode 0600) with a consistent
 * copy of the SQLite store, taken online while the server runs, and the data directory's key material.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up a data directory into one archive (mode 0600), also while the server runs: a consistent"
                + " copy of the SQLite store and the key material (TLS key, transmission keys, at-rest key).",
            "The archive holds no vault plaintext, but its keys are server secrets: keep it as safe as the server.",
            "With PostgreSQL, back the database up with pg_dump and use --keys-only here."})
public final class ServerBackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir = ServerConfig.DEFAULT_DATA_DIR;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The archive to write (must not exist).")
    Path out;

    @Option(names = "--keys-only", description = "Only the key material: the store is PostgreSQL (use pg_dump for it).")
    boolean keysOnly;

    @Override
    public Integer call() {
        BackupManifest manifest = DataDirBackup.create(dataDir, out, keysOnly);
        PrintWriter w = spec.commandLine().getOut();
        long keys = manifest.files().stream().filter(f -> !f.path().equals("castellan.db")).count();
        w.println("Backup written to " + out.toAbsolutePath().normalize() + " (mode 0600): "
                + (BackupManifest.SQLITE.equals(manifest.store()) ? "the SQLite store and " : "")
                + keys + " key files.");
        w.println("It holds the server's key material (no vault plaintext): store it as safely as the server itself.");
        if (keysOnly) {
            w.println("The database is not in it: back it up with pg_dump --format=custom.");
        }
        w.flush();
        return 0;
    }
}
