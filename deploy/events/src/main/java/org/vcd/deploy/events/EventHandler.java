package org.vcd.deploy.events;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.vcd.deploy.CheckResult;
import org.vcd.deploy.CopyDetector;
import org.vcd.ingest.IngestException;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.FrameStore;

/**
 * Decides one event, with no Kafka in sight: a reference is ingested and stored (durable on return, replacing any
 * earlier video of its id, so a repeat stores it once); an upload is checked against the store.
 */
final class EventHandler {

    private final CopyDetector detector;
    private final FrameStore store;
    private final VideoSource source;

    EventHandler(CopyDetector detector, FrameStore store, VideoSource source) {
        this.detector = detector;
        this.store = store;
        this.source = source;
    }

    /**
     * The event's verdict.
     *
     * @throws PoisonEventException the event can never succeed (bad URI, refused video, permanent download failure)
     * @throws IOException          the video could not be fetched this time (network); worth retrying
     * @throws org.vcd.matcher.StoreException the store failed; worth retrying
     */
    Verdict decide(UploadEvent event, String worker) throws PoisonEventException, IOException {
        try (VideoSource.LocalVideo video = source.fetch(event.uri())) {
            return switch (event.kind()) {
                case REFERENCE -> index(event, video, worker);
                case UPLOAD -> check(event, video, worker);
            };
        } catch (IngestException e) {
            throw new PoisonEventException(Rejection.VIDEO_REFUSED, e.reason().name().toLowerCase(Locale.ROOT),
                    e.getMessage(), event.envelope());
        } catch (PoisonEventException e) {
            throw e.withEnvelope(event.envelope());
        }
    }

    private Verdict index(UploadEvent event, VideoSource.LocalVideo video, String worker) throws IngestException {
        CopyDetector.Reference reference = detector.reference(video.file(), store.spec().audio());
        VideoFeatures features = reference.frames();
        if (video.temporary()) {
            // The download is deleted after this; the URL is where the reference lives.
            store.add(event.videoId(), features, reference.landmarks(), Map.of(CopyDetector.SOURCE, event.uri()));
        } else {
            detector.store(store, event.videoId(), video.file(), reference);
        }
        return verdict(event, Verdict.Status.INDEXED, null, features.frameCount(), features.durationSeconds(), worker);
    }

    private Verdict check(UploadEvent event, VideoSource.LocalVideo video, String worker) throws IngestException {
        CheckResult result = detector.check(store, video.file(), event.videoId());
        Verdict.Status status = result.matches().isEmpty() ? Verdict.Status.CLEAN : Verdict.Status.COPIED;
        return verdict(event, status, result, null, null, worker);
    }

    private static Verdict verdict(UploadEvent event, Verdict.Status status, CheckResult result, Integer frames,
                                   Double duration, String worker) {
        return new Verdict(UploadEvent.SCHEMA, event.eventId(), event.videoId(), event.kind().json(), event.tenant(),
                event.owner(), status, result == null ? null : result.matches(), frames, duration, null,
                Instant.now().toString(), worker);
    }

    /** The verdict of an event that can never succeed; null when not even its id could be read. */
    static Verdict rejected(PoisonEventException e, String worker) {
        UploadEvent.Envelope event = e.envelope();
        if (event.eventId() == null) {
            return null;
        }
        return new Verdict(UploadEvent.SCHEMA, event.eventId(), event.videoId(), event.kind(), event.tenant(),
                event.owner(), Verdict.Status.REJECTED, null, null, null,
                new Verdict.Error(e.rejection(), e.detail(), e.getMessage()), Instant.now().toString(), worker);
    }
}
