package io.castellan.sdk.notation;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed Keeper notation (ksm-protocol.md §5), for example {@code keeper://UID/field/password},
 * {@code keeper://My Server/custom_field/Port[0]}, {@code UID/field/pamHostname[0][hostName]} or
 * {@code UID/file/id_ed25519}. Produced by {@link NotationParser}; every part is already unescaped.
 *
 * @param record the record's UID or title
 * @param selector what to read
 * @param parameter the field type or label, or the file name, title or UID; {@code null} for the short selectors
 * @param index the value index {@code [n]}; {@code null} for all values ({@code []} or no index)
 * @param property the object property {@code [n][prop]}; {@code null} for the whole value
 */
public record Notation(String record, Selector selector, String parameter, Integer index, String property) {

    /** The part of the record a notation reads. */
    public enum Selector {
        /** The record type. */
        TYPE,
        /** The record title. */
        TITLE,
        /** The record notes. */
        NOTES,
        /** A standard field, by type or label. */
        FIELD,
        /** A custom field, by type or label. */
        CUSTOM_FIELD,
        /** An attached file's content, by name, title or UID (returned as web-safe base64). */
        FILE;

        /** @return whether this selector takes a parameter */
        public boolean hasParameter() {
            return this == FIELD || this == CUSTOM_FIELD || this == FILE;
        }
    }

    /** Checks the parts fit the selector. */
    public Notation {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(selector, "selector");
        if (selector.hasParameter() != (parameter != null)) {
            throw new IllegalArgumentException("parameter must be given exactly for field, custom_field and file");
        }
    }

    /** @return the value index, if one was given */
    public OptionalInt valueIndex() {
        return index == null ? OptionalInt.empty() : OptionalInt.of(index);
    }

    /** @return the property, if one was given */
    public Optional<String> valueProperty() {
        return Optional.ofNullable(property);
    }
}
