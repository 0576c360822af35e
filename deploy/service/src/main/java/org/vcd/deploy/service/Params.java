package org.vcd.deploy.service;

import java.util.Arrays;
import java.util.Locale;

/** Reads request parameters the same way everywhere: refused with 400 and a one-line reason. */
final class Params {

    private Params() {
    }

    /** {@code value} as a whole number in [{@code min}, {@code max}]. */
    static int integer(String value, String what, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, as one out of range
        }
        throw RefusedInput.badRequest(what + " must be a whole number " + min + "-" + max);
    }

    /** {@code value}, or 400 when it is longer than {@code max} characters. */
    static String atMost(String value, String what, int max) {
        if (value != null && value.length() > max) {
            throw RefusedInput.badRequest(what + " is longer than " + max + " characters");
        }
        return value;
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
