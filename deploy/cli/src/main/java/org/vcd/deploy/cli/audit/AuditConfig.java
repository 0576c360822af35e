package org.vcd.deploy.cli.audit;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How an audit runs: what it takes from folders, how many workers check at once, whether failed inputs are
 * tried again, how often progress is logged, and which matches the outputs keep.
 *
 * @param workers        inputs checked at once; each worker decodes one video at a time
 * @param retryFailed    check again the inputs an earlier run of the same output folder recorded as failed
 * @param extensions     file name extensions (lower case, no dot) taken from folders; empty takes every file
 * @param logEvery       time between progress log lines when stderr is not a terminal
 * @param filters        which matches and segments the outputs keep
 */
public record AuditConfig(int workers, boolean retryFailed, Set<String> extensions, Duration logEvery,
                          Filters filters) {

    /** Containers FFmpeg reads that archives commonly hold. */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "ogv",
            "ogg", "mpg", "mpeg", "ts", "m2ts", "mts", "flv", "wmv", "3gp", "mxf");

    public static final AuditConfig DEFAULT = new AuditConfig(Runtime.getRuntime().availableProcessors(), false,
            VIDEO_EXTENSIONS, Duration.ofSeconds(30), Filters.NONE);

    public AuditConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        if (logEvery.isNegative() || logEvery.isZero()) {
            throw new IllegalArgumentException("the progress log interval must be positive: " + logEvery);
        }
        extensions = extensions.stream().map(e -> e.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public AuditConfig withWorkers(int n) {
        return new AuditConfig(n, retryFailed, extensions, logEvery, filters);
    }

    public AuditConfig withRetryFailed(boolean retry) {
        return new AuditConfig(workers, retry, extensions, logEvery, filters);
    }

    public AuditConfig withExtensions(Set<String> taken) {
        return new AuditConfig(workers, retryFailed, taken, logEvery, filters);
    }

    public AuditConfig withLogEvery(Duration every) {
        return new AuditConfig(workers, retryFailed, extensions, every, filters);
    }

    public AuditConfig withFilters(Filters kept) {
        return new AuditConfig(workers, retryFailed, extensions, logEvery, kept);
    }
}
