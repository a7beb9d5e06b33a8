package io.castellan.client.vault;

import java.util.Objects;

/**
 * A link from a record to another record ({@code links[]} entries {@code {uid, kind}}), e.g. a PAM resource to its
 * administrative {@code pamUser} credential. Links carry UIDs only; the server sees them in the clear.
 *
 * @param uid the linked record's UID
 * @param kind what the link means
 */
public record RecordLink(String uid, String kind) {

    /** The kind used when a resource links its administrative credential (docs/api.md link kinds). */
    public static final String CREDENTIAL = "admin_credential";

    /** Validates. */
    public RecordLink {
        Objects.requireNonNull(uid, "uid");
        kind = kind == null || kind.isBlank() ? CREDENTIAL : kind;
    }
}
