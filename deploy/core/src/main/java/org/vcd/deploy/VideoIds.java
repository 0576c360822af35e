package org.vcd.deploy;

/**
 * The rule for video ids, the same in every front end (the command line's references, the event workers' ids): 1 to
 * {@value #MAX_LENGTH} characters, not blank, without control characters. Ids are opaque labels; control
 * characters and huge ids would only break logs, keys and output.
 */
public final class VideoIds {

    public static final int MAX_LENGTH = 256;

    private VideoIds() {
    }

    /** What is wrong with {@code id} ("must be 1 to 256 characters", ...), or null when it is a valid id. */
    public static String problem(String id) {
        if (id == null || id.isBlank() || id.length() > MAX_LENGTH) {
            return "must be 1 to " + MAX_LENGTH + " characters";
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }

    public static boolean isValid(String id) {
        return problem(id) == null;
    }
}
