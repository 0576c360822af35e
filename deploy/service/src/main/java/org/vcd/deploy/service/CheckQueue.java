package org.vcd.deploy.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.vcd.deploy.CheckResult;
import org.vcd.deploy.Json;
import org.vcd.ingest.IngestException;

/**
 * Runs checks on a fixed pool of workers. A check is written to the database as QUEUED before its submission is
 * acknowledged and its id is handed to the pool only after that commit; at startup every QUEUED or RUNNING row
 * (a check the previous process accepted but did not finish) is queued again, oldest first. So no accepted check
 * is lost, and a crash mid-check only means it runs again, up to vcd.max-attempts starts; after that it is failed.
 */
@ApplicationScoped
public class CheckQueue {

    private static final Logger LOG = Logger.getLogger(CheckQueue.class);
    /** The MDC key every log line about a check carries. */
    public static final String MDC_CHECK = "check_id";

    private final ServiceConfig config;
    private final DataFolder data;
    private final Library library;
    private final Evidence evidence;
    private final MeterRegistry metrics;
    private final AtomicInteger unfinished = new AtomicInteger();
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private ExecutorService workers;
    private volatile boolean stopping;

    CheckQueue(ServiceConfig config, DataFolder data, Library library, Evidence evidence, MeterRegistry metrics) {
        this.config = config;
        this.data = data;
        this.library = library;
        this.evidence = evidence;
        this.metrics = metrics;
        if (config.maxAttempts() < 1) {
            throw new IllegalStateException("vcd.max-attempts must be at least 1, not " + config.maxAttempts());
        }
        metrics.gauge("vcd.checks.unfinished", unfinished);
    }

    /** After the store is open (Library observes startup at the default priority, APPLICATION + 500, which runs first). */
    void resume(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent started) {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.workers(), runnable -> {
            Thread t = new Thread(runnable, "vcd-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Map<String, Integer> abandoned = new LinkedHashMap<>();
        List<String> pending = QuarkusTransaction.requiringNew().call(() -> {
            List<String> resumed = new ArrayList<>();
            for (CheckJob job : CheckJob.<CheckJob>find("status in ?1 order by submittedAt",
                    List.of(CheckStatus.QUEUED, CheckStatus.RUNNING)).list()) {
                if (job.attempts >= config.maxAttempts()) {
                    job.status = CheckStatus.FAILED;
                    job.error = "abandoned: started " + job.attempts + " times without finishing (vcd.max-attempts is "
                            + config.maxAttempts() + "); the service stopped or crashed during every attempt";
                    job.finishedAt = Instant.now();
                    abandoned.put(job.id, job.attempts);
                } else {
                    resumed.add(job.id);
                }
            }
            return resumed;
        });
        abandoned.forEach((id, attempts) -> {
            MDC.put(MDC_CHECK, id);
            try {
                LOG.warnf("check abandoned after %d attempts: marked failed, not run again", attempts);
            } finally {
                MDC.remove(MDC_CHECK);
            }
            Counter.builder("vcd.checks.finished").tag("outcome", "abandoned").register(metrics).increment();
        });
        if (!pending.isEmpty()) {
            LOG.infof("resuming %d check(s) accepted before the restart", pending.size());
        }
        pending.forEach(this::dispatch);
    }

    /** Before the store closes (Library observes shutdown at the default priority, APPLICATION + 500, which runs later). */
    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) throws InterruptedException {
        stopping = true;
        if (workers != null) {
            // Checks still running then are cut short, not failed: their rows stay RUNNING and the next start reruns
            // them (as one more attempt).
            workers.shutdown();
            workers.awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    /** Accepts a received query video: records it, moves it into the check's folder and queues it. */
    public CheckJob submit(IncomingVideo video, String queryName, String submittedBy) {
        if (unfinished.get() >= config.maxQueued()) {
            video.discard();
            throw new RefusedInput(503, "the check queue is full (" + config.maxQueued() + "); retry later");
        }
        String id = UUID.randomUUID().toString();
        try {
            DataFolder.moveInto(video.file(), data.queryFile(id, video.container()));
        } catch (IOException e) {
            video.discard();
            throw new RefusedInput(503, "cannot keep the query video: " + e.getMessage());
        }
        CheckJob job = QuarkusTransaction.requiringNew().call(() -> {
            CheckJob row = new CheckJob();
            row.id = id;
            row.status = CheckStatus.QUEUED;
            row.query = queryName;
            row.container = video.container().name();
            row.submittedAt = Instant.now();
            row.submittedBy = submittedBy;
            row.persist();
            return row;
        });
        MDC.put(MDC_CHECK, id);
        try {
            LOG.infof("check accepted: %s (%d bytes)", ErrorMappers.oneLine(queryName), video.bytes());
        } finally {
            MDC.remove(MDC_CHECK);
        }
        dispatch(id);
        return job;
    }

    /** Blocks until the check has finished or {@code wait} has passed (capped by vcd.max-wait). */
    public void await(String id, Duration wait) {
        CompletableFuture<Void> done = waiting.get(id);
        if (done == null) {
            return;
        }
        Duration capped = wait.compareTo(config.maxWait()) > 0 ? config.maxWait() : wait;
        try {
            done.get(capped.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // still running: the caller answers 202 with the check's id
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(String id) {
        unfinished.incrementAndGet();
        waiting.put(id, new CompletableFuture<>());
        workers.execute(() -> run(id));
    }

    private void run(String id) {
        MDC.put(MDC_CHECK, id);
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "failed";
        try {
            CheckJob job = QuarkusTransaction.requiringNew().call(() -> {
                CheckJob row = CheckJob.findById(id);
                if (row == null || row.status.finished()) {
                    return null;
                }
                row.status = CheckStatus.RUNNING;
                row.startedAt = Instant.now();
                row.attempts++;
                return row;
            });
            if (job == null) {
                outcome = "skipped";
                return;
            }
            LOG.infof("check started (attempt %d)", job.attempts);
            try {
                CheckResult result = library.check(data.queryFile(id, VideoContainer.valueOf(job.container)), job.query);
                evidence.record(id, result);
                finish(id, CheckStatus.DONE, Json.line(result), null);
                outcome = "done";
                LOG.infof("check done: %d match(es)", result.matches().size());
            } catch (IngestException e) {
                finish(id, CheckStatus.FAILED, null, e.getMessage());
                LOG.infof("check refused the video: %s", e.getMessage());
            }
        } catch (RuntimeException | Error e) {
            if (stopping) {
                outcome = "interrupted";
                LOG.infof("check cut short by shutdown; it runs again at the next start");
                return;
            }
            LOG.errorf(e, "check failed");
            finishQuietly(id, "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            sample.stop(metrics.timer("vcd.check.duration", "outcome", outcome));
            Counter.builder("vcd.checks.finished").tag("outcome", outcome).register(metrics).increment();
            unfinished.decrementAndGet();
            CompletableFuture<Void> done = waiting.remove(id);
            if (done != null) {
                done.complete(null);
            }
            MDC.remove(MDC_CHECK);
        }
    }

    private static void finish(String id, CheckStatus status, String result, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            CheckJob row = CheckJob.findById(id);
            row.status = status;
            row.result = result;
            row.error = error == null ? null : ErrorMappers.oneLine(error);
            row.finishedAt = Instant.now();
        });
    }

    private static void finishQuietly(String id, String error) {
        try {
            finish(id, CheckStatus.FAILED, null, error);
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot record the failure; the check stays unfinished and reruns at the next start");
        }
    }
}
