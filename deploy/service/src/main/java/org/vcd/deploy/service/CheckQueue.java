package org.vcd.deploy.service;

import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.vcd.deploy.CheckResult;
import org.vcd.deploy.Json;
import org.vcd.domain.Messages;
import org.vcd.ingest.IngestException;

/**
 * Runs checks on a fixed pool of workers. A check is written to the database as QUEUED before its submission is
 * acknowledged and its id is handed to the pool only after that commit; at startup {@link CheckClaims} hands back
 * every QUEUED or RUNNING row this instance owns (a check the previous process accepted but did not finish), oldest
 * first. So no accepted check is lost, and a crash mid-check only means it runs again, up to vcd.max-attempts starts.
 */
@ApplicationScoped
public class CheckQueue {

    private static final Logger LOG = Logger.getLogger(CheckQueue.class);

    private final ServiceConfig config;
    private final DataFolder data;
    private final Library library;
    private final Evidence evidence;
    private final Checks checks;
    private final CheckClaims claims;
    private final CheckMetrics metrics;
    private final CheckRetention retention;
    private final AtomicInteger unfinished = new AtomicInteger();
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private ExecutorService workers;
    private volatile boolean stopping;

    CheckQueue(ServiceConfig config, DataFolder data, Library library, Evidence evidence, Checks checks,
               CheckClaims claims, CheckMetrics metrics, CheckRetention retention) {
        this.config = config;
        this.data = data;
        this.library = library;
        this.evidence = evidence;
        this.checks = checks;
        this.claims = claims;
        this.metrics = metrics;
        this.retention = retention;
        metrics.gauge(unfinished);
    }

    /** After the store is open (Library observes startup at the default priority, APPLICATION + 500, which runs first). */
    void resume(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent started) {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.workers(), runnable -> {
            Thread t = new Thread(runnable, "vcd-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        claims.start(this::dispatch);
    }

    /** Before the store closes (Library observes shutdown at the default priority, APPLICATION + 500, which runs later). */
    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) throws InterruptedException {
        stopping = true;
        claims.stop();
        if (workers != null) {
            // Checks still running then are cut short, not failed: their rows stay RUNNING and the next start reruns
            // them (as one more attempt).
            workers.shutdown();
            workers.awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    /**
     * Accepts a received query video: reserves a place in the queue (atomically, so concurrent submissions never
     * overfill it), moves the video into the check's folder, records it and queues it; returns its id. A failure
     * gives the place back and keeps nothing.
     */
    public String submit(IncomingVideo video, String queryName, String submittedBy) {
        if (unfinished.incrementAndGet() > config.maxQueued()) {
            unfinished.decrementAndGet();
            video.discard();
            throw new RefusedInput(503, "the check queue is full (" + config.maxQueued() + "); retry later");
        }
        String id = UUID.randomUUID().toString();
        try {
            DataFolder.moveInto(video.file(), data.queryFile(id, video.container()));
            Instant now = Instant.now();
            checks.queued(id, queryName, video.container(), submittedBy, claims.owner(), now, claims.leaseFrom(now));
        } catch (IOException | RuntimeException e) {
            unfinished.decrementAndGet();
            video.discard();
            // A submission that was not recorded keeps no folder.
            data.deleteCheckFolderQuietly(id);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new RefusedInput(503, "cannot keep the query video; retry later");
        }
        try (CheckLog ignored = CheckLog.of(id)) {
            LOG.infof("check accepted: %s (%d bytes)", Messages.oneLine(queryName), video.bytes());
        }
        start(id);
        return id;
    }

    /** Blocks until the check has finished or {@code wait} has passed (capped by vcd.max-wait). */
    public void await(String id, Duration wait) {
        CompletableFuture<Void> done = waiting.get(id);
        if (done == null || wait.isZero()) {
            return;
        }
        Duration capped = wait.compareTo(config.maxWait()) > 0 ? config.maxWait() : wait;
        try {
            done.get(capped.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still running: the caller answers 202 with the check's id
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a claimed check: one more unfinished. */
    private void dispatch(String id) {
        unfinished.incrementAndGet();
        start(id);
    }

    /** Hands a check whose place in the queue is counted to the pool. */
    private void start(String id) {
        waiting.put(id, new CompletableFuture<>());
        workers.execute(() -> run(id));
    }

    private void run(String id) {
        Timer.Sample sample = metrics.started();
        CheckMetrics.Outcome outcome = CheckMetrics.Outcome.FAILED;
        try (CheckLog ignored = CheckLog.of(id)) {
            try {
                CheckJob job = checks.start(id, claims.owner());
                if (job == null) {
                    outcome = CheckMetrics.Outcome.SKIPPED;
                    return;
                }
                LOG.infof("check started (attempt %d)", job.attempts);
                try {
                    CheckResult result = library.check(data.queryFile(id, VideoContainer.valueOf(job.container)),
                            job.query);
                    evidence.record(id, result);
                    checks.finish(id, CheckStatus.DONE, Json.line(result), null);
                    outcome = CheckMetrics.Outcome.DONE;
                    LOG.infof("check done: %d match(es)", result.matches().size());
                } catch (IngestException e) {
                    checks.finish(id, CheckStatus.FAILED, null, data.withoutPaths(e.getMessage()));
                    retention.failed(id);
                    LOG.infof("check refused the video: %s", e.getMessage());
                }
            } catch (RuntimeException | Error e) {
                if (stopping) {
                    outcome = CheckMetrics.Outcome.INTERRUPTED;
                    LOG.infof("check cut short by shutdown; it runs again at the next start");
                    return;
                }
                LOG.errorf(e, "check failed");
                finishQuietly(id, "internal error: " + e.getClass().getSimpleName() + ": "
                        + data.withoutPaths(e.getMessage()));
            } finally {
                metrics.finished(outcome, sample);
                unfinished.decrementAndGet();
                CompletableFuture<Void> done = waiting.remove(id);
                if (done != null) {
                    done.complete(null);
                }
            }
        }
    }

    private void finishQuietly(String id, String error) {
        try {
            checks.finish(id, CheckStatus.FAILED, null, error);
            retention.failed(id);
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot record the failure; the check stays unfinished and reruns at the next start");
        }
    }
}
