package org.vcd.deploy.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hibernate.Timeouts;
import org.hibernate.jpa.AvailableHints;
import org.jboss.logging.Logger;

/**
 * Which instance runs which check. Services sharing one database (cluster mode) split the rows by claim: a row names
 * its owner instance and a lease, which the owner renews while it lives. An instance runs only rows it claimed: at
 * startup its own rows from an earlier life, and at any time rows whose lease ran out (their instance died).
 * Claiming locks the rows with {@code FOR UPDATE SKIP LOCKED}, so two instances taking over at once never take the
 * same row. A row already started vcd.max-attempts times is failed instead of claimed to run.
 */
@ApplicationScoped
public class CheckClaims {

    private static final Logger LOG = Logger.getLogger(CheckClaims.class);
    private static final List<CheckStatus> UNFINISHED = List.of(CheckStatus.QUEUED, CheckStatus.RUNNING);

    private final ServiceConfig config;
    private final CheckMetrics metrics;
    private final CheckRetention retention;
    private final String owner;
    private ScheduledExecutorService renewals;
    private volatile boolean stopping;

    CheckClaims(ServiceConfig config, CheckMetrics metrics, CheckRetention retention) {
        if (config.maxAttempts() < 1) {
            throw new IllegalStateException("vcd.max-attempts must be at least 1, not " + config.maxAttempts());
        }
        this.config = config;
        this.metrics = metrics;
        this.retention = retention;
        this.owner = config.instanceName();
    }

    /** This instance's name, the owner of the rows it claims. */
    String owner() {
        return owner;
    }

    /** Until when a claim made now holds without renewal. */
    Instant leaseFrom(Instant now) {
        return now.plus(config.claimLease());
    }

    /**
     * Claims the rows this instance's earlier life left unfinished (and any whose lease ran out), and from then on
     * renews its claims and takes over expired ones every third of the lease; {@code run} gets each claimed id.
     */
    void start(Consumer<String> run) {
        List<String> pending = takeOver(true);
        if (!pending.isEmpty()) {
            LOG.infof("resuming %d check(s) accepted before the restart", pending.size());
        }
        pending.forEach(run);
        long every = Math.max(1, config.claimLease().toMillis() / 3);
        renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "vcd-check-claims");
            t.setDaemon(true);
            return t;
        });
        renewals.scheduleWithFixedDelay(() -> renewAndTakeOver(run), every, every, TimeUnit.MILLISECONDS);
    }

    void stop() {
        stopping = true;
        if (renewals != null) {
            renewals.shutdownNow();
        }
    }

    /** Keeps this instance's claims alive, then takes over checks whose instance stopped renewing its own. */
    private void renewAndTakeOver(Consumer<String> run) {
        if (stopping) {
            return;
        }
        try {
            Instant until = leaseFrom(Instant.now());
            QuarkusTransaction.requiringNew().run(() -> CheckJob.update(
                    "leaseUntil = ?1 where owner = ?2 and status in ?3", until, owner, UNFINISHED));
            List<String> taken = takeOver(false);
            if (!taken.isEmpty()) {
                LOG.infof("took over %d check(s) whose instance stopped renewing its claim", taken.size());
            }
            taken.forEach(run);
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
            try (CheckLog ignored = CheckLog.of(id)) {
                LOG.warnf("check abandoned after %d attempts: marked failed, not run again", attempts);
            }
            metrics.finished(CheckMetrics.Outcome.ABANDONED);
            retention.failed(id);
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
                        UNFINISHED, claimant, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(AvailableHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI)
                .list();
        Instant until = leaseFrom(now);
        for (CheckJob row : rows) {
            row.owner = claimant;
            row.leaseUntil = until;
        }
        return rows;
    }
}
