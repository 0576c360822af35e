package org.vcd.domain;

/** Error text made safe for one log or error line, written once for every stage. */
public final class Messages {

    private Messages() {
    }

    /** The exception's message (its type's name when it has none) as {@link #oneLine(String)}. */
    public static String oneLine(Throwable e) {
        return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /**
     * The text on one line: runs of white space (line breaks included) become one space, and any other control
     * character (from a file name or URI) a '?', so a message can never forge or break a log line.
     */
    public static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim().replaceAll("\\p{Cntrl}", "?");
    }
}
