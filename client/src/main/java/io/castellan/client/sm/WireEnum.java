package io.castellan.client.sm;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Locale;

/** Looks up the enums of this package by their wire names. */
final class WireEnum {

    private WireEnum() {
    }

    interface Named {
        String wire();
    }

    static <E extends Enum<E> & Named> E parse(Class<E> type, String text, String what) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (E value : type.getEnumConstants()) {
            if (value.wire().equals(wanted)) {
                return value;
            }
        }
        StringBuilder names = new StringBuilder();
        for (E value : type.getEnumConstants()) {
            names.append(names.isEmpty() ? "" : ", ").append(value.wire());
        }
        throw new CastellanException(ErrorCode.BAD_REQUEST, what + " must be one of " + names);
    }
}
