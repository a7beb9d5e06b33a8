package io.castellan.server;

import io.castellan.server.backup.BackupManifest;
import io.castellan.server.backup.DataDirRestore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code castellan server restore --data-dir DIR --from FILE [--force]}: unpacks a {@code server backup} archive into
 * a data directory, checked completely before anything is replaced; refuses while a server runs on the directory.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a 'server backup' archive into a data directory (the server must be stopped).",
            "Refuses a directory that is not empty unless --force, which replaces its store and key files."})
public final class ServerRestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir = ServerConfig.DEFAULT_DATA_DIR;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The archive 'server backup' wrote.")
    Path from;

    @Option(names = "--force", description = "Replace the store and key files of a data directory that is not empty.")
    boolean force;

    @Override
    public Integer call() {
        BackupManifest manifest = DataDirRestore.restore(from, dataDir, force);
        PrintWriter w = spec.commandLine().getOut();
        w.println("Restored the backup of " + manifest.createdAt() + " into " + dataDir.toAbsolutePath().normalize()
                + " (" + manifest.files().size() + " files).");
        if (BackupManifest.EXTERNAL.equals(manifest.store())) {
            w.println("Key material only: restore the PostgreSQL database with pg_restore before starting the server.");
        }
        w.println("Start the server on it: castellan server start --data-dir " + dataDir);
        w.flush();
        return 0;
    }
}
