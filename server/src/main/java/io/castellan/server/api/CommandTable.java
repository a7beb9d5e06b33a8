package io.castellan.server.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The registered user-API commands: the {@link ApiRegistry} the feature packages fill at start-up, and the lookup
 * the envelope uses for each request. Names are checked and registered once; a second registration of a name is a
 * programming error.
 */
public final class CommandTable implements ApiRegistry {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** One command: who may call it, the largest encrypted body it accepts, and its handler. */
    public record Entry(String command, Access access, long maxBodyBytes, ApiCommand handler) {
    }

    private final long defaultMaxBodyBytes;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param defaultMaxBodyBytes the request-size limit of commands registered without one */
    public CommandTable(long defaultMaxBodyBytes) {
        this.defaultMaxBodyBytes = defaultMaxBodyBytes;
    }

    @Override
    public void register(String command, Access access, ApiCommand handler) {
        register(command, access, defaultMaxBodyBytes, handler);
    }

    @Override
    public void register(String command, Access access, long maxBodyBytes, ApiCommand handler) {
        if (command == null || !NAME.matcher(command).matches()) {
            throw new IllegalArgumentException("invalid API command name: " + command);
        }
        if (maxBodyBytes < defaultMaxBodyBytes) {
            throw new IllegalArgumentException("command " + command + ": maxBodyBytes " + maxBodyBytes
                    + " is below the server default " + defaultMaxBodyBytes);
        }
        Entry entry = new Entry(command, Objects.requireNonNull(access, "access"), maxBodyBytes,
                Objects.requireNonNull(handler, "handler"));
        if (entries.putIfAbsent(command, entry) != null) {
            throw new IllegalStateException("API command " + command + " is registered twice");
        }
    }

    /** The command called {@code name}, if registered. */
    public Optional<Entry> find(String name) {
        return Optional.ofNullable(name == null ? null : entries.get(name));
    }

    /** The names of every registered command. */
    public java.util.Set<String> names() {
        return java.util.Set.copyOf(entries.keySet());
    }

    /** The largest request-size limit of any command (at least the default): the HTTP layer's own limit. */
    public long largestBodyLimit() {
        return entries.values().stream().mapToLong(Entry::maxBodyBytes).max().orElse(defaultMaxBodyBytes);
    }

    /** The default request-size limit. */
    public long defaultBodyLimit() {
        return defaultMaxBodyBytes;
    }
}
