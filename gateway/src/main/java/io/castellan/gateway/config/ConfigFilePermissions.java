package io.castellan.gateway.config;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The gateway's configuration holds its device key: a file that anyone but its owner may read or change is refused,
 * with the fix in the message. (The SDK's own file storage only warns, because a developer's {@code ksm-config.json}
 * is not a long-running privileged agent.)
 */
public final class ConfigFilePermissions {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private ConfigFilePermissions() {
    }

    /**
     * @param file the configuration file (it exists)
     * @throws CastellanException {@code BAD_REQUEST} naming the file, its mode and the {@code chmod 600} fix
     */
    public static void requireOwnerOnly(Path file) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "cannot read the permissions of the configuration "
                    + "file " + file);
        }
        if (perms.stream().anyMatch(OTHERS::contains)) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the configuration file " + file
                    + " is accessible to other users (mode " + PosixFilePermissions.toString(perms)
                    + "); it holds the gateway's device key. Restrict it with: chmod 600 " + file);
        }
    }
}
