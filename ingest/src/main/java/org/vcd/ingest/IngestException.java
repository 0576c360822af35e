package org.vcd.ingest;

/** A video that cannot be ingested, with a one-line reason a user can act on. Nothing is stored for it. */
public final class IngestException extends Exception {

    /** Why a video was refused. */
    public enum Reason {
        MISSING, EMPTY, NOT_A_VIDEO, NO_VIDEO_STREAM, TRUNCATED, NO_FRAMES, TOO_LONG, TOO_LARGE
    }

    private final Reason reason;

    public IngestException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public IngestException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
