package org.vcd.deploy.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;
import org.vcd.matcher.FrameStore;
import org.vcd.testdata.CopyFixture;

/**
 * Events per second through real Kafka (a single-node KRaft broker on loopback) with one and with two worker threads
 * (two consumers of one group, sharing one store), against the same uploads checked directly without Kafka, measured
 * in the same run. Uploads alternate a 26 s copy and a 20 s unrelated video (320x240, generated); the store holds one
 * 40 s reference. Not a test: run it by hand (docs/benchmarks/events.md).
 *
 * <p>Args: {@code [--events N] [--rounds R] [--work DIR]} (defaults 40, 3 and a temporary folder). Each round runs
 * the three set-ups one after the other, so a burst of load from elsewhere shows as a round that disagrees.
 */
public final class EventsBenchmark {

    private static final int PARTITIONS = 4;

    public static void main(String[] args) throws Exception {
        int events = 40;
        int rounds = 3;
        Path work = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (work == null) {
            work = Files.createTempDirectory("vcd-events-bench");
        }
        CopyFixture fixture = CopyFixture.create(work.resolve("fixture"), 1);
        try (PipelineModels models = new PipelineModels()) {
            CopyDetector detector = CopyDetector.withDefaults(models);
            System.out.printf(Locale.ROOT, "%d upload events per run, %d cores%n", events,
                    Runtime.getRuntime().availableProcessors());
            try (TestBroker broker = TestBroker.start()) {
                Path store = work.resolve("store-" + System.nanoTime());
                try (var opened = detector.openStoreForWriting(store)) {
                    detector.index(opened, fixture.reference(), "ref-1");
                    for (int i = 0; i < 4; i++) {
                        detector.check(opened, upload(fixture, i), "warm-up"); // JIT and natives, out of the timings
                    }
                    Map<String, List<Double>> rates = new LinkedHashMap<>();
                    for (int round = 1; round <= rounds; round++) {
                        round(broker, detector, opened, fixture, events, round, work, rates);
                    }
                    System.out.println("median over " + rounds + " rounds:");
                    rates.forEach((what, perSecond) -> System.out.printf(Locale.ROOT, "%-30s %6.2f events/s%n", what,
                            perSecond.stream().sorted().toList().get(perSecond.size() / 2)));
                }
            }
        }
    }

    /** Direct checks, then one and two worker threads; the Kafka timings run from the first event sent, workers up. */
    private static void round(TestBroker broker, CopyDetector detector, FrameStore store, CopyFixture fixture,
                              int events, int round, Path work, Map<String, List<Double>> rates) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            detector.check(store, upload(fixture, i), "direct-" + i);
        }
        report(rates, round, "direct, 1 thread, no Kafka", events, System.nanoTime() - start);
        for (int threads : new int[] {1, 2}) {
            WorkerConfig config = broker.config("bench-" + round + "-" + threads, PARTITIONS)
                    .withInstance("bench" + threads, threads);
            AtomicInteger decided = new AtomicInteger();
            Set<String> assigned = ConcurrentHashMap.newKeySet();
            try (ProcessedEvents processed = ProcessedEvents.open(work.resolve("state-" + System.nanoTime()));
                 EventWorkers workers = EventWorkers.start(config, detector, store, processed, line -> {
                     if (line.contains(" -> ")) {
                         decided.incrementAndGet();
                     } else if (line.contains(" assigned ")) {
                         assigned.add(line.substring(0, line.indexOf(' ')));
                     }
                 })) {
                while (assigned.size() < threads) {
                    Thread.sleep(20); // every thread has partitions: the group has settled
                }
                start = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    broker.send(config, UploadEvent.of("e-" + i, "up-" + i, UploadEvent.Kind.UPLOAD,
                            upload(fixture, i).toString()));
                }
                broker.read(config.verdictsTopic(), records -> records.size() >= events, Duration.ofMinutes(30),
                        Duration.ZERO);
                report(rates, round, "Kafka, " + threads + " worker thread" + (threads > 1 ? "s" : ""), events,
                        System.nanoTime() - start);
                if (decided.get() != events) {
                    throw new IllegalStateException(decided.get() + " events decided, expected " + events);
                }
            }
        }
    }

    private static Path upload(CopyFixture fixture, int i) {
        return i % 2 == 0 ? fixture.copy() : fixture.unrelated();
    }

    private static void report(Map<String, List<Double>> rates, int round, String what, int events, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%d: %-30s %6.1f s  %6.2f events/s%n", round, what, seconds, events / seconds);
        rates.computeIfAbsent(what, k -> new ArrayList<>()).add(events / seconds);
    }
}
