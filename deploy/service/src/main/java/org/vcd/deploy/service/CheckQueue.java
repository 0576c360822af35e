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
import jakarta.persistence.LockModeType;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.Timeouts;
import org.hibernate.jpa.AvailableHints;
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
 *
 * <p>Services sharing one database (cluster mode) split the rows by claim: a row names its owner instance and a lease,
 * which the owner renews while it lives. An instance runs only rows it claimed: at startup its own rows from an
 * earlier life, and at any time rows whose lease ran out (their instance died). Claiming locks the rows with
 * {@code FOR UPDATE SKIP LOCKED}, so two instances taking over at once never take the same row.
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
    private final String owner;
    private ExecutorService workers;
    private ScheduledExecutorService claims;
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
        this.owner = config.instanceName();
    }

    /** After the store is open (Library observes startup at the default priority, APPLICATION + 500, which runs first). */
    void resume(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent started) {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.workers(), runnable -> {
            Thread t = new Thread(runnable, "vcd-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<String> pending = takeOver(true);
        if (!pending.isEmpty()) {
            LOG.infof("resuming %d check(s) accepted before the restart", pending.size());
        }
        pending.forEach(this::dispatch);
        long every = Math.max(1, config.claimLease().toMillis() / 3);
        claims = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "vcd-check-claims");
            t.setDaemon(true);
            return t;
        });
        claims.scheduleWithFixedDelay(this::renewAndTakeOver, every, every, TimeUnit.MILLISECONDS);
    }

    /** Keeps this instance's claims alive, then takes over checks whose instance stopped renewing its own. */
    private void renewAndTakeOver() {
        if (stopping) {
            return;
        }
        try {
            Instant until = Instant.now().plus(config.claimLease());
            QuarkusTransaction.requiringNew().run(() -> CheckJob.update("leaseUntil = ?1 where owner = ?2 and status in ?3",
                    until, owner, List.of(CheckStatus.QUEUED, CheckStatus.RUNNING)));
            List<String> taken = takeOver(false);
            if (!taken.isEmpty()) {
                LOG.infof("took over %d check(s) whose instance stopped renewing its claim", taken.size());
            }
            taken.forEach(this::dispatch);
        } catch (RuntimeException e) {
            // The database is away: the next round tries again; our own claims may run out and move meanwhile.
            LOG.warnf("cannot renew or take over check claims: %s", e.getMessage());
        }
    }

    /** Claims what this instance may run and fails rows started too often; returns the ids to run. */
    private List<String> takeOver(boolean ownEarlierLife) {
        Map<String, Integer> abandoned = new LinkedHashMap<>();
        List<String> pending = QuarkusTransaction.requiringNew().call(() -> {
            List<String> resumed = new ArrayList<>();
            for (CheckJob job : claim(owner, Instant.now(), ownEarlierLife)) {
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
        return pending;
    }

    /**
     * In the caller's transaction: claims for {@code claimant}, oldest first, every unfinished check that has no
     * owner or whose lease ended before {@code now} (and, with {@code ownEarlierLife}, those it already owns). Rows
     * another transaction is claiming are skipped, not waited for.
     */
    List<CheckJob> claim(String claimant, Instant now, boolean ownEarlierLife) {
        String whose = ownEarlierLife ? "(owner is null or owner = ?2 or leaseUntil < ?3)"
                : "(owner is null or (owner <> ?2 and (leaseUntil is null or leaseUntil < ?3)))";
        List<CheckJob> rows = CheckJob.<CheckJob>find("status in ?1 and " + whose + " order by submittedAt",
                        List.of(CheckStatus.QUEUED, CheckStatus.RUNNING), claimant, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(AvailableHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI)
                .list();
        Instant until = now.plus(config.claimLease());
        for (CheckJob row : rows) {
            row.owner = claimant;
            row.leaseUntil = until;
        }
        return rows;
    }

    /** Before the store closes (Library observes shutdown at the default priority, APPLICATION + 500, which runs later). */
    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) throws InterruptedException {
        stopping = true;
        if (claims != null) {
            claims.shutdownNow();
        }
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
            row.owner = owner;
            row.leaseUntil = row.submittedAt.plus(config.claimLease());
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
                if (row == null || row.status.finished() || !owner.equals(row.owner)) {
                    return null; // finished, or taken over while this instance could not renew its claim
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
