package org.vcd.deploy.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.vcd.deploy.CopyDetector;
import org.vcd.matcher.FrameStore;

/**
 * The worker threads of one process: {@link WorkerConfig#threads()} consumers in the group, sharing one store and
 * one processed-event record (the embedded store takes one writer per folder, so threads, not processes, scale a
 * worker on one machine). The caller owns the store and the record and closes them after {@link #close()}.
 */
public final class EventWorkers implements AutoCloseable {

    private final List<EventWorker> workers;
    private final List<Thread> threads;
    private boolean closed;

    private EventWorkers(List<EventWorker> workers, List<Thread> threads) {
        this.workers = workers;
        this.threads = threads;
    }

    /** Starts the threads; {@code log} receives one line per event decided (it must be thread-safe). */
    public static EventWorkers start(WorkerConfig config, CopyDetector detector, FrameStore store,
                                     ProcessedEvents processed, Consumer<String> log) {
        EventHandler handler = new EventHandler(detector, store,
                new VideoSource(config.maxDownloadBytes(), config.downloadTimeout()));
        List<EventWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < config.threads(); i++) {
                workers.add(new EventWorker(config, i, handler, processed, log));
            }
        } catch (RuntimeException e) {
            workers.forEach(EventWorker::closeClients);
            throw e;
        }
        for (EventWorker worker : workers) {
            Thread thread = new Thread(worker, "vcd-worker-" + worker.name());
            threads.add(thread);
            thread.start();
        }
        return new EventWorkers(workers, threads);
    }

    /** Names of the worker threads, as they appear in verdicts. */
    public List<String> names() {
        return workers.stream().map(EventWorker::name).toList();
    }

    /** Whether any worker thread is still running. */
    public boolean isRunning() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /** Errors that ended worker threads early (fenced, not authorised, broker gone for good); empty when none did. */
    public List<Throwable> failures() {
        return workers.stream().map(EventWorker::fatal).filter(f -> f != null).toList();
    }

    /** Waits up to {@code timeout} for every thread to end on its own; true when they all did. */
    public boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Math.max(1, left / 1_000_000));
            }
        }
        return !isRunning();
    }

    /** Graceful stop: each thread finishes and commits the event in hand, hands back the rest, and leaves the group. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.forEach(EventWorker::stop);
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
