package io.castellan.server.backup;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.regex.Pattern;

/**
 * The archive format shared by {@link DataDirBackup} and {@link DataDirRestore}: a ZIP whose first entry is the
 * {@link BackupManifest}, followed by the store copy and the key files. Only these paths are accepted, so an archive
 * cannot write outside the data directory or anywhere but the store and the {@code tls/} and {@code keys/} folders.
 */
final class BackupArchive {

    static final int FORMAT = 1;
    static final String MANIFEST = "castellan-backup.json";
    static final String DATABASE = "castellan.db";
    /** The folders of key material, copied file by file (not recursively). */
    static final java.util.List<String> KEY_DIRS = java.util.List.of("tls", "keys");
    /** Largest manifest and largest key file accepted: far above what a data directory holds. */
    static final long MAX_SMALL_FILE = 1024 * 1024;
    static final int MAX_FILES = 1000;

    private static final Pattern KEY_FILE = Pattern.compile("(tls|keys)/[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private BackupArchive() {
    }

    /** A path the archive may hold; throws naming it otherwise. */
    static String checkPath(String path) {
        if (path == null || !(path.equals(DATABASE) || KEY_FILE.matcher(path).matches())) {
            throw new CastellanException(ErrorCode.VALIDATION_FAILED, "the backup names a file it may not restore: '"
                    + (path == null ? "" : path.replaceAll("[^\\x20-\\x7e]", "?")) + "' (only " + DATABASE
                    + ", tls/NAME and keys/NAME)");
        }
        return path;
    }

    /** Whether a file of the archive is secret (key material and the store) rather than a public certificate/key. */
    static boolean isPublic(String path) {
        return path.endsWith(".crt") || path.endsWith(".pub");
    }
}
