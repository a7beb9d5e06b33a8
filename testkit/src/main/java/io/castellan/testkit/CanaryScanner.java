package io.castellan.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Looks for secrets ("canaries") where they must not be: a server's data directory, its log, a database dump. A
 * zero-knowledge server stores only ciphertext, so none of the values a user typed into a record, none of their
 * files and none of their master passwords may appear there in any encoding.
 *
 * <p>Each canary is searched, over every byte of every file (nothing is skipped by name or size: SQLite WAL and SHM
 * files, lock files and key files included), as:
 * <ul>
 *   <li>{@code raw} — the bytes themselves (UTF-8 for a text canary);</li>
 *   <li>{@code utf-16le}, {@code utf-16be} — text canaries only;</li>
 *   <li>{@code hex} and {@code HEX} — lower and upper case hexadecimal (PostgreSQL prints {@code bytea} so);</li>
 *   <li>{@code base64+K} and {@code base64url+K} for K = 0, 1, 2 — standard and web-safe base64 of the canary
 *       preceded by K other bytes. Base64 maps 3 bytes to 4 characters, so the characters of a canary embedded in a
 *       longer base64 text depend on where it starts modulo 3; for each alignment the scanner takes the characters
 *       that depend on canary bytes only (whole 3-byte groups inside the canary), which are the same whatever
 *       surrounds it.</li>
 * </ul>
 * Identical search patterns are searched once, named by every encoding that produced them. A canary must be at least
 * {@value #MIN_CANARY_BYTES} bytes long, so every pattern is long enough not to match random data by chance.
 *
 * <p>A scan returns a {@link Report} with every hit (canary, encoding, source, byte offset and line) and the sources
 * it read, so a test can show exactly what leaked where and prove it looked at what it meant to.
 */
public final class CanaryScanner {

    /** Shortest canary accepted, in bytes. */
    public static final int MIN_CANARY_BYTES = 12;

    private final Map<String, byte[]> canaries = new LinkedHashMap<>();
    private final List<Pattern> patterns = new ArrayList<>();
    /** Patterns by their first two bytes, for a single pass over the data. */
    private final Map<Integer, List<Pattern>> byPrefix = new HashMap<>();

    /** One search pattern: a canary in one or more encodings that give the same bytes. */
    private record Pattern(String canary, List<String> encodings, byte[] bytes) {
    }

    /**
     * A canary found.
     *
     * @param canary the canary's name
     * @param encoding how it was encoded where found (several names when encodings coincide)
     * @param source the file path or the label of the scanned bytes
     * @param offset byte offset in the source
     * @param line 1-based line number of the offset (counting {@code \n})
     */
    public record Hit(String canary, String encoding, String source, long offset, long line) {
        @Override
        public String toString() {
            return "canary \"" + canary + "\" as " + encoding + " in " + source + " at byte " + offset + " (line "
                    + line + ")";
        }
    }

    /**
     * The result of one or more scans.
     *
     * @param hits every canary found
     * @param sources what was read: file path or label, and its size in bytes
     */
    public record Report(List<Hit> hits, Map<String, Long> sources) {

        public Report {
            hits = List.copyOf(hits);
            sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        }

        /** @return whether nothing was found */
        public boolean isClean() {
            return hits.isEmpty();
        }

        /** @return the names of the canaries found at least once */
        public java.util.Set<String> canariesFound() {
            return hits.stream().map(Hit::canary).collect(Collectors.toCollection(java.util.TreeSet::new));
        }

        /** @return total bytes read */
        public long bytesScanned() {
            return sources.values().stream().mapToLong(Long::longValue).sum();
        }

        /** @return this report and {@code other} together */
        public Report plus(Report other) {
            List<Hit> all = new ArrayList<>(hits);
            all.addAll(other.hits);
            Map<String, Long> read = new LinkedHashMap<>(sources);
            read.putAll(other.sources);
            return new Report(all, read);
        }

        /** @return one line per hit, or "no canary found" with what was scanned */
        public String describe() {
            if (hits.isEmpty()) {
                return "no canary found in " + sources.size() + " sources (" + bytesScanned() + " bytes)";
            }
            return hits.size() + " canary hit(s):\n  " + hits.stream().map(Hit::toString)
                    .collect(Collectors.joining("\n  "));
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** Adds a text canary (searched in UTF-8, UTF-16 and the byte encodings of its UTF-8 form). */
    public CanaryScanner add(String name, String value) {
        Objects.requireNonNull(value, "value");
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        register(name, utf8);
        addPattern(name, "raw", utf8);
        addPattern(name, "utf-16le", value.getBytes(StandardCharsets.UTF_16LE));
        addPattern(name, "utf-16be", value.getBytes(StandardCharsets.UTF_16BE));
        addByteEncodings(name, utf8);
        return this;
    }

    /** Adds a binary canary (searched raw, in hex and in base64). */
    public CanaryScanner add(String name, byte[] value) {
        Objects.requireNonNull(value, "value");
        byte[] copy = value.clone();
        register(name, copy);
        addPattern(name, "raw", copy);
        addByteEncodings(name, copy);
        return this;
    }

    /** @return the canary names, in the order added */
    public List<String> names() {
        return List.copyOf(canaries.keySet());
    }

    /** @return every encoding name a hit can carry, for messages */
    public static List<String> encodingNames() {
        return List.of("raw", "utf-16le", "utf-16be", "hex", "HEX", "base64+0", "base64+1", "base64+2",
                "base64url+0", "base64url+1", "base64url+2");
    }

    /** @return the distinct search patterns of canary {@code name}, as "encoding=text" for diagnostics */
    List<String> patternsOf(String name) {
        return patterns.stream().filter(p -> p.canary.equals(name))
                .map(p -> String.join("/", p.encodings) + "=" + new String(p.bytes, StandardCharsets.ISO_8859_1))
                .toList();
    }

    private void register(String name, byte[] bytes) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a canary needs a name");
        }
        if (canaries.containsKey(name)) {
            throw new IllegalArgumentException("canary \"" + name + "\" was already added");
        }
        if (bytes.length < MIN_CANARY_BYTES) {
            throw new IllegalArgumentException("canary \"" + name + "\" has " + bytes.length + " bytes; at least "
                    + MIN_CANARY_BYTES + " are needed so that its encodings cannot match random data");
        }
        canaries.put(name, bytes);
    }

    private void addByteEncodings(String name, byte[] bytes) {
        addPattern(name, "hex", HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII));
        addPattern(name, "HEX", HexFormat.of().withUpperCase().formatHex(bytes).getBytes(StandardCharsets.US_ASCII));
        for (int shift = 0; shift < 3; shift++) {
            String std = stableBase64(bytes, shift, Base64.getEncoder());
            addPattern(name, "base64+" + shift, std.getBytes(StandardCharsets.US_ASCII));
            String url = stableBase64(bytes, shift, Base64.getUrlEncoder());
            addPattern(name, "base64url+" + shift, url.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * The base64 characters of {@code canary} that do not depend on its surroundings when it starts {@code shift}
     * bytes after a 3-byte boundary: the encodings of the 3-byte groups wholly inside the canary.
     */
    static String stableBase64(byte[] canary, int shift, Base64.Encoder encoder) {
        byte[] shifted = new byte[shift + canary.length];
        System.arraycopy(canary, 0, shifted, shift, canary.length);
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        int firstGroup = (shift + 2) / 3;                 // first group starting at or after the canary
        int endGroup = (shift + canary.length) / 3;       // groups before this one end inside the canary
        return encoded.substring(4 * firstGroup, 4 * endGroup);
    }

    private void addPattern(String canary, String encoding, byte[] bytes) {
        for (Pattern p : patterns) {
            if (p.canary.equals(canary) && Arrays.equals(p.bytes, bytes)) {
                p.encodings.add(encoding);
                return;
            }
        }
        Pattern pattern = new Pattern(canary, new ArrayList<>(List.of(encoding)), bytes);
        patterns.add(pattern);
        byPrefix.computeIfAbsent(prefix(bytes, 0), k -> new ArrayList<>()).add(pattern);
    }

    private static int prefix(byte[] data, int at) {
        return ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
    }

    /**
     * Scans every regular file under {@code root} (recursively, hidden files included; symbolic links are not
     * followed). A missing root is an error: a scan of nothing would prove nothing.
     */
    public Report scanTree(Path root) {
        if (!Files.exists(root)) {
            throw new IllegalArgumentException("nothing to scan: " + root + " does not exist");
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + root, e);
        }
        Collections.sort(files);
        Report report = new Report(List.of(), Map.of());
        for (Path file : files) {
            report = report.plus(scanFile(file));
        }
        return report;
    }

    /** Scans one file, every byte of it. */
    public Report scanFile(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return scan(file.toString(), data);
    }

    /** Scans text (as UTF-8), e.g. a log or an SQL dump. */
    public Report scan(String label, String text) {
        return scan(label, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Scans bytes; {@code label} names them in hits. */
    public Report scan(String label, byte[] data) {
        if (patterns.isEmpty()) {
            throw new IllegalStateException("no canary to look for: add some first");
        }
        List<Hit> hits = new ArrayList<>();
        long line = 1;
        for (int i = 0; i + 1 < data.length; i++) {
            List<Pattern> candidates = byPrefix.get(prefix(data, i));
            if (candidates != null) {
                for (Pattern p : candidates) {
                    if (matchesAt(data, i, p.bytes)) {
                        hits.add(new Hit(p.canary, String.join("/", p.encodings), label, i, line));
                    }
                }
            }
            if (data[i] == '\n') {
                line++;
            }
        }
        Map<String, Long> source = new LinkedHashMap<>();
        source.put(label, (long) data.length);
        return new Report(hits, source);
    }

    private static boolean matchesAt(byte[] data, int at, byte[] pattern) {
        if (at + pattern.length > data.length) {
            return false;
        }
        for (int j = 2; j < pattern.length; j++) {
            if (data[at + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }
}
