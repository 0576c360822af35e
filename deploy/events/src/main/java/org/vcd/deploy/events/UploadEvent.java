package org.vcd.deploy.events;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.vcd.deploy.Json;
import org.vcd.deploy.VideoIds;

/**
 * A video announced on the uploads topic, schema version {@value #SCHEMA} (docs/EVENTS.md). The record key is the
 * video id, so all events of one video keep their order.
 *
 * @param eventId    unique per announcement; a redelivered or re-sent event with the same id has one outcome
 * @param videoId    the reference id to store under, or the upload's id in its verdict
 * @param uri        where the video is: a {@code file:} URI, a plain absolute path, or an {@code http(s):} URL
 * @param tenant     the platform or customer the video belongs to; carried to the verdict (optional)
 * @param owner      the uploading user or rights holder; carried to the verdict (optional)
 * @param uploadedAt when the platform accepted the upload, ISO-8601 (optional)
 */
public record UploadEvent(int schema, String eventId, String videoId, Kind kind, String uri, String tenant,
                          String owner, String uploadedAt) {

    public static final int SCHEMA = 1;

    public enum Kind {
        /** A rights holder's video: store it in the library. */
        REFERENCE,
        /** A user's video: check it against the library and publish a verdict. */
        UPLOAD;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What identifies an event, read before the rest is validated, so even a refused event gets a verdict. */
    record Envelope(String eventId, String videoId, String kind, String tenant, String owner) {
        static final Envelope UNREADABLE = new Envelope(null, null, null, null, null);
    }

    public static UploadEvent of(String eventId, String videoId, Kind kind, String uri) {
        return new UploadEvent(SCHEMA, eventId, videoId, kind, uri, null, null, Instant.now().toString());
    }

    public String toJson() {
        return Json.line(this);
    }

    Envelope envelope() {
        return new Envelope(eventId, videoId, kind.json(), tenant, owner);
    }

    /** Reads and validates one payload; anything wrong with it is a {@link PoisonEventException} with its reason. */
    static UploadEvent parse(String payload) throws PoisonEventException {
        if (payload == null || payload.isBlank()) {
            throw new PoisonEventException(Rejection.BAD_JSON, null, "empty payload", Envelope.UNREADABLE);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException(Rejection.BAD_JSON, null,
                    "not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""), Envelope.UNREADABLE);
        }
        if (root == null || !root.isObject()) {
            throw new PoisonEventException(Rejection.BAD_JSON, null, "not a JSON object", Envelope.UNREADABLE);
        }
        Envelope envelope = new Envelope(id(root, "event_id"), id(root, "video_id"), id(root, "kind"),
                id(root, "tenant"), id(root, "owner"));
        JsonNode schema = root.get("schema");
        if (schema == null || !schema.canConvertToExactIntegral()) {
            throw invalid("schema must be an integer", envelope);
        }
        if (schema.asInt() != SCHEMA) {
            throw new PoisonEventException(Rejection.UNSUPPORTED_SCHEMA, null,
                    "schema " + schema.asText() + " is not supported (this worker reads " + SCHEMA + ")", envelope);
        }
        require(root, "event_id", envelope.eventId(), envelope);
        require(root, "video_id", envelope.videoId(), envelope);
        Kind kind = kind(text(root, "kind"), envelope);
        String uri = text(root, "uri");
        if (uri == null || uri.isBlank()) {
            throw invalid("uri is missing", envelope);
        }
        optional(root, "tenant", envelope.tenant(), envelope);
        optional(root, "owner", envelope.owner(), envelope);
        String uploadedAt = text(root, "uploaded_at");
        if (uploadedAt != null) {
            try {
                Instant.parse(uploadedAt);
            } catch (DateTimeParseException e) {
                throw invalid("uploaded_at is not an ISO-8601 instant", envelope);
            }
        }
        return new UploadEvent(SCHEMA, envelope.eventId(), envelope.videoId(), kind, uri, envelope.tenant(),
                envelope.owner(), uploadedAt);
    }

    private static Kind kind(String kind, Envelope envelope) throws PoisonEventException {
        if (kind == null) {
            throw invalid("kind is missing", envelope);
        }
        for (Kind known : Kind.values()) {
            if (known.json().equals(kind)) {
                return known;
            }
        }
        throw new PoisonEventException(Rejection.UNKNOWN_KIND, null,
                "unknown kind \"" + printable(kind) + "\" (expected reference or upload)", envelope);
    }

    private static void require(JsonNode root, String field, String valid, Envelope envelope)
            throws PoisonEventException {
        if (valid == null) {
            throw invalid(field + (root.hasNonNull(field) ? " must be 1 to " + VideoIds.MAX_LENGTH
                    + " characters without control characters" : " is missing"), envelope);
        }
    }

    private static void optional(JsonNode root, String field, String valid, Envelope envelope)
            throws PoisonEventException {
        if (valid == null && root.hasNonNull(field)) {
            require(root, field, null, envelope);
        }
    }

    private static PoisonEventException invalid(String message, Envelope envelope) {
        return new PoisonEventException(Rejection.INVALID_EVENT, null, message, envelope);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    /** The field's text when it is a usable id, else null (so nothing hostile reaches keys or logs). */
    private static String id(JsonNode root, String field) {
        String text = text(root, field);
        return VideoIds.isValid(text) ? text : null;
    }

    private static String printable(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
