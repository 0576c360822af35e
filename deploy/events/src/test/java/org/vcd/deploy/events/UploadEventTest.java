package org.vcd.deploy.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Parsing upload events: what is accepted, and the reason each malformed payload is refused with. */
class UploadEventTest {

    private static final String GOOD = "{\"schema\":1,\"event_id\":\"e-1\",\"video_id\":\"v-1\",\"kind\":\"upload\","
            + "\"uri\":\"/videos/a.mp4\"";

    @Test
    void anEventSurvivesItsOwnJsonAndIgnoresFieldsItDoesNotKnow() throws Exception {
        UploadEvent event = new UploadEvent(1, "e-1", "v-1", UploadEvent.Kind.REFERENCE, "file:///videos/a.mp4",
                "acme", "studio", "2026-11-22T08:00:00Z");
        assertEquals(event, UploadEvent.parse(event.toJson()));
        UploadEvent extended = UploadEvent.parse(GOOD + ",\"added_in_a_later_minor\":{\"x\":1}}");
        assertEquals(UploadEvent.Kind.UPLOAD, extended.kind());
        assertNull(extended.tenant());
    }

    @Test
    void malformedEventsAreRefusedWithTheirReason() {
        assertRefused(Rejection.BAD_JSON, "");
        assertRefused(Rejection.BAD_JSON, "[1, 2]");
        assertRefused(Rejection.BAD_JSON, "{\"schema\":");
        assertRefused(Rejection.INVALID_EVENT, "{\"event_id\":\"e\"}");
        assertRefused(Rejection.INVALID_EVENT, GOOD.replace("\"schema\":1", "\"schema\":\"one\"") + "}");
        assertRefused(Rejection.UNSUPPORTED_SCHEMA, GOOD.replace("\"schema\":1", "\"schema\":2") + "}");
        assertRefused(Rejection.INVALID_EVENT, GOOD.replace("\"v-1\"", "\"v\\n1\"") + "}");
        assertRefused(Rejection.INVALID_EVENT, GOOD.replace("\"e-1\"", "\"" + "e".repeat(257) + "\"") + "}");
        assertRefused(Rejection.INVALID_EVENT, GOOD.replace(",\"uri\":\"/videos/a.mp4\"", "") + "}");
        assertRefused(Rejection.INVALID_EVENT, GOOD + ",\"uploaded_at\":\"yesterday\"}");
        assertRefused(Rejection.INVALID_EVENT, GOOD + ",\"tenant\":42}");
        assertRefused(Rejection.UNKNOWN_KIND, GOOD.replace("\"upload\"", "\"UPLOAD\"") + "}");
    }

    @Test
    void aRefusedEventKeepsWhatCouldBeReadForItsVerdict() {
        PoisonEventException e = assertThrows(PoisonEventException.class,
                () -> UploadEvent.parse(GOOD.replace("\"upload\"", "\"remix\"") + ",\"tenant\":\"acme\"}"));
        assertEquals(new UploadEvent.Envelope("e-1", "v-1", "remix", "acme", null), e.envelope());
        PoisonEventException hostile = assertThrows(PoisonEventException.class,
                () -> UploadEvent.parse(GOOD.replace("\"e-1\"", "\"e\\u0000\"") + "}"));
        assertNull(hostile.envelope().eventId(), "an id with control characters is never used as a key");
    }

    private static void assertRefused(Rejection expected, String payload) {
        PoisonEventException e = assertThrows(PoisonEventException.class, () -> UploadEvent.parse(payload));
        assertEquals(expected, e.rejection(), payload + ": " + e.getMessage());
    }
}
