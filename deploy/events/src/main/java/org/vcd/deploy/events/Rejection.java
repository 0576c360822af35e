package org.vcd.deploy.events;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why an event can never succeed: it goes to the dead-letter topic with this reason and is not retried. */
public enum Rejection {
    /** The payload is not a JSON object. */
    BAD_JSON,
    /** A schema version this worker does not know (newer producers). */
    UNSUPPORTED_SCHEMA,
    /** A required field is missing or malformed. */
    INVALID_EVENT,
    /** {@code kind} is neither {@code reference} nor {@code upload}. */
    UNKNOWN_KIND,
    /** The URI's scheme is not one the worker can read. */
    UNSUPPORTED_URI,
    /** The video could not be downloaded for good (HTTP 4xx, over the size limit, or still failing after retries). */
    DOWNLOAD_FAILED,
    /** The video was read but refused: missing, empty, not a video, truncated, over a limit ({@code detail} says which). */
    VIDEO_REFUSED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
