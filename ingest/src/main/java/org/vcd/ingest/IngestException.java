package org.vcd.ingest;

/** A video that cannot be ingested, with a one-line reason a user can act on. Nothing is stored for it. */
public final class IngestException extends Exception {

    /** Why a video was refused. */
    public enum Reason {
        /** No such file, or not a regular file. */
        MISSING,
        EMPTY,
        NOT_A_VIDEO,
        /** Audio streams and no video stream. */
        AUDIO_ONLY,
        /** Neither video nor audio (subtitles, data). */
        NO_VIDEO_STREAM,
        /** Frames end well before the declared duration, decoding failed part way, or the index is missing. */
        TRUNCATED,
        NO_FRAMES,
        /** Frames of zero or tiny size, or an aspect ratio no real video has. */
        BAD_DIMENSIONS,
        TOO_LONG,
        /** File or download over the size limit. */
        TOO_LARGE,
        /** Width or height over the resolution limit. */
        RESOLUTION_TOO_HIGH,
        /** Download and decoding took longer than the decode timeout, or a download its own time limit. */
        TIMEOUT,
        /** An http(s) source answered with an error status, could not be reached, or redirected where it may not. */
        DOWNLOAD_FAILED
    }

    private final Reason reason;
    private final boolean transientFailure;

    public IngestException(Reason reason, String message) {
        this(reason, message, null, false);
    }

    public IngestException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, false);
    }

    /** @param transientFailure whether a later attempt may succeed; see {@link #isTransient()} */
    public IngestException(Reason reason, String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * Whether trying again later may succeed: a download that lost its connection, could not connect, ran out of
     * time, or got HTTP 408, 429 or 5xx. A refusal of the video itself, of its size or of a URL is permanent.
     */
    public boolean isTransient() {
        return transientFailure;
    }
}
