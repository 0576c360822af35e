package org.vcd.deploy.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * How long checks stay: an admin deletes one (row, verdicts, {@code checks/<uuid>/}), the sweep deletes finished
 * checks older than vcd.retention.max-age, and a failed check's upload goes as it fails unless
 * vcd.retention.keep-failed-uploads.
 */
@ApplicationScoped
public class CheckRetention {

    private static final Logger LOG = Logger.getLogger(CheckRetention.class);
    /** Checks deleted per query of the sweep, so one sweep never loads an unbounded list. */
    private static final int SWEEP_BATCH = 100;

    private final ServiceConfig.Retention config;
    private final Checks checks;
    private final DataFolder data;
    private ScheduledExecutorService sweeps;

    CheckRetention(ServiceConfig config, Checks checks, DataFolder data) {
        ServiceConfig.Retention retention = config.retention();
        if (retention.maxAge().isPresent() && (notPositive(retention.maxAge().get())
                || notPositive(retention.sweepEvery()))) {
            throw new IllegalStateException("vcd.retention.max-age and vcd.retention.sweep-every must be positive, not "
                    + retention.maxAge().get() + " and " + retention.sweepEvery());
        }
        this.config = retention;
        this.checks = checks;
        this.data = data;
    }

    void start(@Observes StartupEvent started) {
        config.maxAge().ifPresent(age -> {
            sweeps = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread t = new Thread(runnable, "vcd-retention");
                t.setDaemon(true);
                return t;
            });
            long every = config.sweepEvery().toMillis();
            sweeps.scheduleWithFixedDelay(() -> sweepQuietly(age), every, every, TimeUnit.MILLISECONDS);
            LOG.infof("finished checks are deleted %s after they finish (swept every %s)", age, config.sweepEvery());
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (sweeps != null) {
            sweeps.shutdownNow();
        }
    }

    /** Deletes a finished check and its files: 404 for an unknown one, 409 while it is queued or running. */
    public void delete(String id) {
        checks.delete(id, () -> {
            try {
                DataFolder.deleteRecursively(data.checkFolder(id));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the files of check " + id, e);
            }
        });
    }

    /** Deletes every check that finished before {@code cutoff}; returns how many. */
    public int sweep(Instant cutoff) {
        int deleted = 0;
        List<String> batch;
        do {
            batch = checks.finishedBefore(cutoff, SWEEP_BATCH);
            for (String id : batch) {
                try {
                    delete(id);
                    deleted++;
                } catch (RefusedInput gone) {
                    // deleted meanwhile, by an admin or another instance's sweep
                }
            }
        } while (batch.size() == SWEEP_BATCH);
        return deleted;
    }

    /** A failed check keeps no files unless configured to keep its upload. */
    public void failed(String id) {
        if (!config.keepFailedUploads()) {
            data.deleteCheckFolderQuietly(id);
        }
    }

    private static boolean notPositive(Duration d) {
        return d.isNegative() || d.isZero();
    }

    private void sweepQuietly(Duration age) {
        try {
            int deleted = sweep(Instant.now().minus(age));
            if (deleted > 0) {
                LOG.infof("deleted %d check(s) finished more than %s ago", deleted, age);
            }
        } catch (RuntimeException e) {
            // The database or disk is away: the next sweep tries again.
            LOG.warnf("cannot delete expired checks: %s", e.getMessage());
        }
    }
}
