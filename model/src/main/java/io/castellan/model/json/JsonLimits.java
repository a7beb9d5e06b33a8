package io.castellan.model.json;

/**
 * Bounds applied while parsing untrusted JSON, so that hostile input fails fast and cleanly
 * instead of exhausting memory or the stack.
 *
 * @param maxBytes largest accepted document, in UTF-8 bytes
 * @param maxDepth deepest accepted nesting of objects and arrays (the top-level value is depth 1)
 */
public record JsonLimits(int maxBytes, int maxDepth) {

    /** 1 MiB and 64 levels: the default for Castellan's own APIs and files. */
    public static final JsonLimits DEFAULT = new JsonLimits(1 << 20, 64);

    /** Validates the bounds. */
    public JsonLimits {
        if (maxBytes < 2) {
            throw new IllegalArgumentException("maxBytes must be at least 2, was " + maxBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
    }
}
