package org.vcd.deploy.events;

/**
 * An event that can never succeed, however often it is retried. It carries what could be read of the event (its
 * {@link UploadEvent.Envelope}), so the error verdict can name the event and video when they were readable.
 */
final class PoisonEventException extends Exception {

    private final Rejection rejection;
    private final String detail;
    private final UploadEvent.Envelope envelope;

    PoisonEventException(Rejection rejection, String detail, String message, UploadEvent.Envelope envelope) {
        super(message);
        this.rejection = rejection;
        this.detail = detail;
        this.envelope = envelope;
    }

    Rejection rejection() {
        return rejection;
    }

    /** A finer reason, such as the ingest reason of a refused video; null when the rejection says it all. */
    String detail() {
        return detail;
    }

    UploadEvent.Envelope envelope() {
        return envelope;
    }

    PoisonEventException withEnvelope(UploadEvent.Envelope known) {
        return new PoisonEventException(rejection, detail, getMessage(), known);
    }
}
