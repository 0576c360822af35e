package org.vcd.deploy.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue's metrics: {@code vcd_checks_unfinished}, {@code vcd_check_duration_seconds{outcome}} and
 * {@code vcd_checks_finished_total{outcome}}.
 */
@ApplicationScoped
public class CheckMetrics {

    /** How a check's run ended, the {@code outcome} tag. */
    enum Outcome { DONE, FAILED, SKIPPED, INTERRUPTED, ABANDONED }

    private final MeterRegistry registry;

    CheckMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Reports {@code unfinished} as the gauge of accepted checks not yet finished. */
    void gauge(AtomicInteger unfinished) {
        registry.gauge("vcd.checks.unfinished", unfinished);
    }

    Timer.Sample started() {
        return Timer.start(registry);
    }

    void finished(Outcome outcome, Timer.Sample started) {
        started.stop(registry.timer("vcd.check.duration", "outcome", tag(outcome)));
        finished(outcome);
    }

    void finished(Outcome outcome) {
        Counter.builder("vcd.checks.finished").tag("outcome", tag(outcome)).register(registry).increment();
    }

    private static String tag(Outcome outcome) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT);
    }
}
