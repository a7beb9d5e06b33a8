package io.castellan.server;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.keys.TransmissionKey;
import io.castellan.server.keys.TransmissionKeys;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code castellan server rotate-transmission-key --data-dir DIR [--retire ID]}: adds a transmission key pair with the
 * next id, which the server uses for new clients from its next start; the older ids stay accepted, so nothing breaks.
 * {@code --retire ID} later removes an old id: a device or CLI still sealing to it is answered
 * {@code {"error":"key","key_id":CURRENT}} and switches to the current key on its own (docs/operations.md).
 */
@Command(name = "rotate-transmission-key", mixinStandardHelpOptions = true,
        description = {"Add a transmission key pair with the next id (used for new clients from the server's next start;"
                + " older ids stay accepted), or with --retire ID remove an old one (clients still using it switch to"
                + " the current key on their next request).",
            "Every server node needs the same keys/ files: copy them to each node, then restart the nodes."})
public final class ServerRotateTransmissionKeyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir = ServerConfig.DEFAULT_DATA_DIR;

    @Option(names = "--retire", paramLabel = "ID", description = "Remove this old key id instead (never the newest).")
    Integer retire;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dataDir.resolve("keys"))) {
            throw new CastellanException(ErrorCode.NOT_FOUND, dataDir.resolve("keys") + " does not exist: is "
                    + dataDir + " the data directory of a server that has started at least once?");
        }
        TransmissionKeys keys = TransmissionKeys.loadOrCreate(dataDir);
        PrintWriter out = spec.commandLine().getOut();
        if (retire != null) {
            keys.retire(retire);
            out.println("Retired transmission key id " + retire + "; still accepted: " + ids(keys) + ".");
            out.println("Restart the server (every node) for it to take effect; clients still using id " + retire
                    + " are told to switch to id " + keys.current().keyId() + ".");
        } else {
            TransmissionKey added = keys.rotate();
            out.println("Added transmission key id " + added.keyId() + "; accepted: " + ids(keys) + ".");
            out.println("Restart the server (every node, with the same keys/ files) to use it for new clients; the"
                    + " older ids keep working until retired with --retire ID.");
        }
        out.flush();
        return 0;
    }

    private static String ids(TransmissionKeys keys) {
        return keys.all().stream().map(k -> Integer.toString(k.keyId())).collect(Collectors.joining(", "));
    }
}
