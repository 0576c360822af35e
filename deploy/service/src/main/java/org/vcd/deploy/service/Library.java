package org.vcd.deploy.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.vcd.deploy.CheckResult;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;
import org.vcd.ingest.IngestException;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.FrameStore;

/**
 * The reference library: this process is the store's one writer when it is a folder (Lucene allows one per folder;
 * a Milvus collection takes any number of services and workers), and checks read through the same store. Reference rows in the database, frames in the store and files in the data folder
 * change together under one lock, in an order that never leaves a row without its frames.
 */
@ApplicationScoped
public class Library {

    private static final Logger LOG = Logger.getLogger(Library.class);

    private final CopyDetector detector;
    private final DataFolder data;
    private final String location;
    private FrameStore store;

    Library(DataFolder data, ServiceConfig config, PipelineModels models) {
        this.detector = CopyDetector.withDefaults(models);
        this.data = data;
        this.location = config.store().orElse(data.store().toString());
    }

    void open(@Observes StartupEvent started) {
        store = detector.openStoreForWriting(location);
        LOG.infof("frame store open at %s", location);
    }

    /** The pipeline and the open store, for the event workers this process may run next to the HTTP API. */
    CopyDetector detector() {
        return detector;
    }

    FrameStore store() {
        return store;
    }

    void close(@Observes ShutdownEvent stopping) {
        if (store != null) {
            store.close();
        }
    }

    /** Whether the store answers a lookup: part of readiness. */
    public boolean storeReadable() {
        return store != null && store.metadata("-readiness-probe-").isEmpty();
    }

    /**
     * Ingests the video (the slow part, outside the lock), then moves it into place, stores its frames durably and
     * records it, replacing an earlier reference of the same id. Nothing is kept when ingest refuses the video.
     */
    public ReferenceVideo add(IncomingVideo video, String requestedId, String title, String addedBy)
            throws IngestException {
        String id = requestedId == null || requestedId.isBlank()
                ? "ref-" + UUID.randomUUID().toString().substring(0, 13)
                : DataFolder.requireReferenceId(requestedId);
        VideoFeatures features;
        try {
            features = detector.referenceFeatures(video.file());
        } catch (IngestException | RuntimeException e) {
            video.discard();
            throw e;
        }
        synchronized (this) {
            Path file = data.referenceFile(id, video.container());
            try {
                ReferenceVideo earlier = read(() -> ReferenceVideo.findById(id));
                DataFolder.moveInto(video.file(), file);
                if (earlier != null && !earlier.container.equals(video.container().name())) {
                    Files.deleteIfExists(data.referenceFile(id, VideoContainer.valueOf(earlier.container)));
                }
            } catch (IOException e) {
                video.discard();
                throw new UncheckedIOException("cannot keep reference file: " + e.getMessage(), e);
            }
            detector.store(store, id, file, features);
            return QuarkusTransaction.requiringNew().call(() -> {
                ReferenceVideo row = ReferenceVideo.findById(id);
                if (row == null) {
                    row = new ReferenceVideo();
                    row.id = id;
                }
                row.title = title;
                row.origin = video.origin();
                row.container = video.container().name();
                row.bytes = video.bytes();
                row.frames = features.frameCount();
                row.durationSeconds = features.durationSeconds();
                row.addedAt = Instant.now();
                row.addedBy = addedBy;
                row.persist();
                return row;
            });
        }
    }

    /** Takedown: the reference's frames leave the store first (so no later check can match it), then its file and row. */
    public synchronized boolean delete(String id) {
        DataFolder.requireReferenceId(id);
        ReferenceVideo row = read(() -> ReferenceVideo.findById(id));
        boolean inStore = store.delete(id);
        if (row != null) {
            try {
                Files.deleteIfExists(data.referenceFile(id, VideoContainer.valueOf(row.container)));
            } catch (IOException e) {
                LOG.warnf("reference %s: frames deleted but its file stays: %s", id, e.getMessage());
            }
            QuarkusTransaction.requiringNew().run(() -> ReferenceVideo.deleteById(id));
        }
        return inStore || row != null;
    }

    /** Runs a read in its own transaction (worker threads and resources alike). */
    public static <T> T read(java.util.concurrent.Callable<T> query) {
        return QuarkusTransaction.requiringNew().call(query);
    }

    public CheckResult check(Path query, String queryName) throws IngestException {
        return detector.check(store, query, queryName);
    }

    /** The reference's video file, for playback and thumbnails; empty once it has been taken down. */
    public java.util.Optional<Path> referenceFile(String id) {
        ReferenceVideo row = read(() -> ReferenceVideo.findById(id));
        return row == null ? java.util.Optional.empty()
                : java.util.Optional.of(data.referenceFile(id, VideoContainer.valueOf(row.container)))
                        .filter(Files::isRegularFile);
    }
}
