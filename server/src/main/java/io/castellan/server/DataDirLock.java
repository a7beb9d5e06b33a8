package io.castellan.server;

import io.castellan.server.files.SecureFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS-level lock on {@code <dataDir>/server.lock}, held for the life of the server, so that two server
 * processes never share one data directory (two writers would corrupt the embedded store and race on key files).
 * The OS releases the lock when the process dies, so a crash never leaves a stale lock behind.
 */
public final class DataDirLock implements AutoCloseable {

    static final String FILE_NAME = "server.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the data directory if needed and takes the lock.
     *
     * @throws StartupException if another server (process, or server instance in this JVM) holds it
     */
    public static DataDirLock acquire(Path dataDir) {
        SecureFiles.ensurePrivateDirectory(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another server in this JVM
            }
            if (lock == null) {
                channel.close();
                throw new StartupException("data directory " + dataDir.toAbsolutePath()
                        + " is in use by another Castellan server (lock " + file.toAbsolutePath() + " is held)");
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0); // informational: who holds it
            channel.force(false);
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException("cannot lock data directory " + dataDir.toAbsolutePath() + " ("
                    + file.toAbsolutePath() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing useful to do
            }
        }
    }
}
