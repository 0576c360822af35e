package org.vcd.matcher;

/** The frame store cannot be opened, read or written; the message says which store and why, in one line. */
public final class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
