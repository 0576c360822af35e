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
        /** Download and decoding took longer than the decode timeout. */
        TIMEOUT,
        /** An http(s) source answered with an error status or could not be reached. */
        DOWNLOAD_FAILED
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
