package io.castellan.client.vault;

import java.util.Arrays;
import java.util.List;

/**
 * Folder paths as the CLI writes them: names separated by {@code /}, an optional leading {@code /}; empty segments
 * are ignored, so {@code /A//B/} is {@code A/B}. The root is {@code ""} or {@code "/"}.
 */
public final class VaultPaths {

    private VaultPaths() {
    }

    /** @return the non-empty segments of a path */
    public static List<String> split(String path) {
        if (path == null) {
            return List.of();
        }
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    /** @return segments joined as an absolute path ({@code /A/B}; {@code /} for none) */
    public static String join(List<String> segments) {
        return "/" + String.join("/", segments);
    }
}
