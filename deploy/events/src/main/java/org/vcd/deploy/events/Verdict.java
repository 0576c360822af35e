package org.vcd.deploy.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import org.vcd.deploy.Match;

/**
 * The one outcome of an upload event, published on the verdicts topic (key: video id), schema version
 * {@value UploadEvent#SCHEMA}. Absent fields are left out of the JSON.
 *
 * @param kind            the event's kind as announced ({@code reference}, {@code upload}, or what an unknown kind said)
 * @param matches         for {@code copied} and {@code clean}: the check's matches, best first, in the CLI's JSON
 * @param frames          for {@code indexed}: frames stored for the reference
 * @param durationSeconds for {@code indexed}: the reference's duration
 * @param error           for {@code rejected}: why; the same event is also on the dead-letter topic
 * @param decidedAt       when the worker decided, ISO-8601
 * @param worker          which worker thread decided (instance and thread), for operators
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verdict(int schema, String eventId, String videoId, String kind, String tenant, String owner,
                      Status status, List<Match> matches, Integer frames, Double durationSeconds, Error error,
                      String decidedAt, String worker) {

    public enum Status {
        /** A reference was stored (replacing an earlier one of the same video id). */
        INDEXED,
        /** The upload copies at least one reference; {@code matches} says which and where. */
        COPIED,
        /** The upload copies nothing in the library. */
        CLEAN,
        /** The event can never succeed; {@code error} says why. */
        REJECTED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why an event was rejected: a {@link Rejection}, an optional finer detail, and one human-readable line. */
    public record Error(Rejection reason, String detail, String message) {
    }
}
