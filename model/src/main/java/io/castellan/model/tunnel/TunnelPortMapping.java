package io.castellan.model.tunnel;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PAM configuration's port mapping as a tunnel uses it. In KeeperPAM the mapping declares non-standard ports and
 * the protocol they speak ({@code 2222=ssh}, "alternative default ports"); it does not remap one port to another.
 * So a tunnel goes to the record's own port when it names one, and otherwise to the lowest port the mapping assigns
 * to the record's protocol, before falling back to the protocol's standard port ({@link TunnelTarget}).
 *
 * <p>The server sends the mapping to the gateway in the {@code tunnel-open} job's arguments as
 * {@code PORT=PROTOCOL,PORT=PROTOCOL} text split over {@code portMapping.0}, {@code portMapping.1}, ... (a job
 * argument is at most 1024 characters).
 */
public final class TunnelPortMapping {

    /** The prefix of the job arguments that carry the mapping. */
    public static final String ARG_PREFIX = "portMapping.";
    /** Most entries a mapping has (as the server validates it). */
    public static final int MAX_ENTRIES = 64;
    private static final int CHUNK = 1024;
    private static final Pattern ENTRY = Pattern.compile("([0-9]{1,5})=([a-z][a-z0-9-]{0,31})");

    private TunnelPortMapping() {
    }

    /** @return the job arguments that carry {@code mapping} (none when it is empty) */
    public static Map<String, String> toArgs(SortedMap<Integer, String> mapping) {
        StringBuilder text = new StringBuilder();
        mapping.forEach((port, protocol) -> text.append(text.isEmpty() ? "" : ",").append(port).append('=')
                .append(protocol));
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0, n = 0; i < text.length(); i += CHUNK, n++) {
            args.put(ARG_PREFIX + n, text.substring(i, Math.min(text.length(), i + CHUNK)));
        }
        return args;
    }

    /**
     * @param args a job's arguments
     * @return the mapping they carry, port to protocol, ordered by port (empty when none)
     * @throws IllegalArgumentException when an entry is malformed
     */
    public static SortedMap<Integer, String> fromArgs(Map<String, String> args) {
        StringBuilder text = new StringBuilder();
        for (int n = 0; args.containsKey(ARG_PREFIX + n); n++) {
            text.append(args.get(ARG_PREFIX + n));
        }
        SortedMap<Integer, String> mapping = new TreeMap<>();
        if (text.isEmpty()) {
            return mapping;
        }
        for (String entry : text.toString().split(",", -1)) {
            Matcher m = ENTRY.matcher(entry);
            int port = m.matches() ? Integer.parseInt(m.group(1)) : 0;
            if (port < 1 || port > 65535 || mapping.size() >= MAX_ENTRIES) {
                throw new IllegalArgumentException("malformed port mapping entry \"" + TunnelProtocol.printable(entry)
                        + "\"");
            }
            mapping.put(port, m.group(2));
        }
        return Collections.unmodifiableSortedMap(mapping);
    }

    /**
     * @return the lowest port {@code mapping} assigns to any of {@code protocols} (lower-case names), or 0
     */
    static int portFor(SortedMap<Integer, String> mapping, java.util.Set<String> protocols) {
        Map<String, Integer> first = new HashMap<>();
        mapping.forEach((port, protocol) -> first.putIfAbsent(protocol.toLowerCase(Locale.ROOT), port));
        return protocols.stream().map(first::get).filter(java.util.Objects::nonNull).min(Integer::compare).orElse(0);
    }
}
