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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.vcd.deploy.CheckResult;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;
import org.vcd.ingest.IngestException;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.FrameStore;

/**
 * The reference library: this process is the store's one writer when it is a folder (Lucene allows one per folder;
 * a Milvus collection takes any number of services and workers), and checks read through the same store.
 *
 * <p>Adding a reference writes three places (the store, the data folder, the database) as one unit, in this order:
 * a {@link ReferenceChange} row naming the new version; the video moved to {@code staging/<version>.<ext>}; the
 * frames stored under the reference's id with the version in their metadata (the store replaces a video's frames
 * atomically: the point of no return); the staged file moved into {@code references/}; the reference's row written
 * and the change deleted in one transaction. A failure or a crash before the frames are stored leaves only the
 * change and a staged file, which are undone; after it, the rest is finished (a failure there is retried at once). {@link #recover} does this at startup
 * for the changes this instance left, so a reference is either its old version whole or its new one, never a mix,
 * and a refused or failed add leaves no trace.
 */
@ApplicationScoped
public class Library {

    private static final Logger LOG = Logger.getLogger(Library.class);
    /** The store metadata naming the change that stored a reference's frames. */
    static final String VERSION = "version";

    /** The steps of an add, in order; {@link #beforeEachStep} lets a test fail or stop the add before one. */
    enum Step { RECORD, STAGE, STORE, FILE, ROW }

    private final CopyDetector detector;
    private final DataFolder data;
    private final String location;
    private final String owner;
    private volatile Consumer<Step> beforeStep = step -> { };
    private FrameStore store;

    Library(DataFolder data, ServiceConfig config, PipelineModels models) {
        this.detector = CopyDetector.withDefaults(models);
        this.data = data;
        this.location = config.store().orElse(data.store().toString());
        this.owner = config.instanceName();
        config.crashTestHaltBefore().map(Step::valueOf).ifPresent(halt -> beforeStep = step -> {
            if (step == halt) {
                Runtime.getRuntime().halt(137);
            }
        });
    }

    void open(@Observes StartupEvent started) {
        store = detector.openStoreForWriting(location);
        LOG.infof("frame store open at %s", location);
        recover();
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
     * Ingests the video (the slow part, outside the lock), then adds it as one unit (see above), replacing an
     * earlier reference of the same id. Nothing is kept when ingest refuses the video or a step fails before the
     * frames are stored.
     */
    public ReferenceVideo add(IncomingVideo video, String requestedId, String title, String addedBy)
            throws IngestException {
        String id = requestedId == null || requestedId.isBlank()
                ? "ref-" + UUID.randomUUID().toString().substring(0, 13)
                : DataFolder.requireReferenceId(requestedId);
        CopyDetector.Reference reference;
        try {
            reference = detector.reference(video.file(), store.spec().audio());
        } catch (IngestException | RuntimeException e) {
            video.discard();
            throw e;
        }
        ReferenceChange change = new ReferenceChange();
        change.version = UUID.randomUUID().toString();
        change.referenceId = id;
        change.owner = owner;
        change.title = title;
        change.origin = video.origin();
        change.container = video.container().name();
        change.bytes = video.bytes();
        VideoFeatures features = reference.frames();
        change.frames = features.frameCount();
        change.durationSeconds = features.durationSeconds();
        change.addedAt = Instant.now();
        change.addedBy = addedBy;
        synchronized (this) {
            try {
                beforeStep.accept(Step.RECORD);
                QuarkusTransaction.requiringNew().run(change::persist);
            } catch (RuntimeException e) {
                video.discard();
                throw e;
            }
            try {
                beforeStep.accept(Step.STAGE);
                DataFolder.moveInto(video.file(), data.stagedFile(change.version, video.container()));
                beforeStep.accept(Step.STORE);
                store.add(id, features, reference.landmarks(), Map.of(CopyDetector.SOURCE,
                        data.referenceFile(id, video.container()).toString(), VERSION, change.version));
                return complete(change);
            } catch (IOException | RuntimeException e) {
                video.discard();
                ReferenceVideo finished = null;
                try {
                    finished = settle(change);
                } catch (IOException | RuntimeException again) {
                    LOG.warnf("reference %s: cannot settle the failed add now; the next start does: %s", id,
                            again.getMessage());
                }
                if (finished != null) {
                    LOG.warnf(e, "reference %s: a step failed after the frames were stored; finished it again", id);
                    return finished;
                }
                throw e instanceof RuntimeException r ? r
                        : new UncheckedIOException("cannot keep the reference file", (IOException) e);
            }
        }
    }

    /** The startup sweep: finishes or undoes every add this instance left unfinished when it stopped. */
    synchronized void recover() {
        List<ReferenceChange> left = read(() -> ReferenceChange.<ReferenceChange>list("owner", owner));
        for (ReferenceChange change : left) {
            try {
                LOG.infof("reference %s: %s the add interrupted by the last stop", change.referenceId,
                        settle(change) == null ? "undid" : "finished");
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "reference %s: cannot settle the interrupted add; the next start tries again",
                        change.referenceId);
            }
        }
    }

    /** Lets a test fail or stop an add before each of its steps. */
    void beforeEachStep(Consumer<Step> hook) {
        beforeStep = hook;
    }

    /** A change whose frames are in the store is finished; any other is undone. Returns the row, or null when undone. */
    private ReferenceVideo settle(ReferenceChange change) throws IOException {
        boolean stored = store.metadata(change.referenceId).map(m -> change.version.equals(m.get(VERSION)))
                .orElse(false);
        if (stored) {
            return complete(change);
        }
        Files.deleteIfExists(data.stagedFile(change.version, VideoContainer.valueOf(change.container)));
        QuarkusTransaction.requiringNew().run(() -> ReferenceChange.deleteById(change.version));
        return null;
    }

    /** After the frames are stored: the file into place, then the row and the change's end in one commit. */
    private ReferenceVideo complete(ReferenceChange change) throws IOException {
        VideoContainer container = VideoContainer.valueOf(change.container);
        Path staged = data.stagedFile(change.version, container);
        beforeStep.accept(Step.FILE);
        if (Files.exists(staged)) {
            DataFolder.moveInto(staged, data.referenceFile(change.referenceId, container));
        }
        beforeStep.accept(Step.ROW);
        return QuarkusTransaction.requiringNew().call(() -> {
            ReferenceVideo row = ReferenceVideo.findById(change.referenceId);
            if (row == null) {
                row = new ReferenceVideo();
                row.id = change.referenceId;
            } else if (!row.container.equals(change.container)) {
                // The earlier version's file has another extension. Until this commits the row names it, so after a
                // crash here the sweep deletes it again.
                Files.deleteIfExists(data.referenceFile(row.id, VideoContainer.valueOf(row.container)));
            }
            change.copyTo(row);
            row.version = change.version;
            row.persist();
            ReferenceChange.deleteById(change.version);
            return row;
        });
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
