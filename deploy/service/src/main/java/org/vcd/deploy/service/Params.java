package org.vcd.deploy.service;

import java.util.Arrays;
import java.util.Locale;

/** Reads request parameters the same way everywhere: refused with 400 and a one-line reason. */
final class Params {

    private Params() {
    }

    /** {@code value} as one of {@code type}'s constants, case-insensitive. */
    static <E extends Enum<E>> E oneOf(Class<E> type, String value, String what) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RefusedInput.badRequest(what + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
