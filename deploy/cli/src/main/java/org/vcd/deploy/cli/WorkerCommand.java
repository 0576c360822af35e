package org.vcd.deploy.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;
import org.vcd.deploy.StoreLocation;
import org.vcd.deploy.events.EventWorkers;
import org.vcd.deploy.events.ProcessedEvents;
import org.vcd.deploy.events.WorkerConfig;
import org.vcd.matcher.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "worker", description = {
        "Consumes upload events from Kafka: stores references, checks uploads and publishes one verdict per "
                + "event (schema and guarantees: docs/EVENTS.md). Prints one line per event decided.",
        "Runs until SIGTERM or Ctrl-C, then finishes the event in hand, hands the rest back to the group and "
                + "exits (143 on SIGTERM).",
        "Exit 3: the store or the processed-event record could not be opened. Exit 4: the worker threads lost "
                + "Kafka for good (fenced by another worker with the same --instance, access refused, broker "
                + "unreachable at start)."})
final class WorkerCommand implements Callable<Integer> {

    static final int EXIT_KAFKA = 4;
    /** How long a stop signal waits for the event in hand; a check or an index takes seconds. */
    private static final Duration STOP_WAIT = Duration.ofMinutes(2);

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka brokers, host:port[,host:port...].")
    String bootstrapServers;

    @Option(names = "--store", required = true,
            description = "Store: a folder (created if missing) or a Milvus URI (milvus://HOST:PORT/DATABASE/COLLECTION).")
    String store;

    @Option(names = "--state", description = "Folder for the processed-event record (default for a store folder: "
            + "STORE.events, beside it; required with Milvus).")
    Path state;

    @Option(names = "--group", description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String group = WorkerConfig.DEFAULT.group();

    @Option(names = "--uploads-topic", description = "Events in (default: ${DEFAULT-VALUE}).")
    String uploadsTopic = WorkerConfig.DEFAULT.uploadsTopic();

    @Option(names = "--verdicts-topic", description = "Verdicts out (default: ${DEFAULT-VALUE}).")
    String verdictsTopic = WorkerConfig.DEFAULT.verdictsTopic();

    @Option(names = "--dlq-topic", description = "Dead letters out (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic = WorkerConfig.DEFAULT.deadLetterTopic();

    @Option(names = "--instance", description = "This worker's name, unique in the group and the same across its "
            + "restarts (default: the host name, ${DEFAULT-VALUE}).")
    String instance = WorkerConfig.DEFAULT.instance();

    @Option(names = "--threads", description = "Consumer threads sharing the store (default: ${DEFAULT-VALUE}).")
    int threads = WorkerConfig.DEFAULT.threads();

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "Extra Kafka client property (security, "
            + "tuning), for consumers and producers; repeatable.")
    Map<String, String> kafka = new LinkedHashMap<>();

    @Override
    public Integer call() {
        WorkerConfig config;
        try {
            config = WorkerConfig.DEFAULT.withKafka(bootstrapServers, group)
                    .withTopics(uploadsTopic, verdictsTopic, deadLetterTopic)
                    .withInstance(instance, threads)
                    .withKafkaProperties(kafka);
        } catch (IllegalArgumentException e) {
            Vcd.error(spec, e.getMessage());
            return Vcd.EXIT_USAGE;
        }
        Path stateDir = state;
        if (stateDir == null) {
            Path folder;
            try {
                folder = StoreLocation.parse(store).folder();
            } catch (StoreException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_STORE;
            }
            if (folder == null) {
                Vcd.error(spec, "--state is required with a Milvus store: the processed-event record is a local folder");
                return Vcd.EXIT_USAGE;
            }
            stateDir = folder.resolveSibling(folder.getFileName() + ".events");
        }
        try (PipelineModels models = new PipelineModels()) {
            CopyDetector detector = CopyDetector.withDefaults(models);
            CountDownLatch closed = new CountDownLatch(1);
            try (var opened = detector.openStoreForWriting(store);
                 ProcessedEvents processed = ProcessedEvents.open(stateDir);
                 EventWorkers workers = EventWorkers.start(config, detector, opened, processed,
                         Vcd.out(spec)::println)) {
                // On SIGTERM the JVM exits once the hooks return: stop the workers, then wait for the store to close.
                Thread hook = new Thread(() -> {
                    workers.close();
                    awaitQuietly(closed);
                }, "vcd-worker-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    while (!workers.await(Duration.ofSeconds(1))) {
                        // The threads end on a stop signal or a fatal error.
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    removeQuietly(hook);
                }
                if (!workers.failures().isEmpty()) {
                    workers.failures().forEach(f -> Vcd.error(spec, "worker stopped: " + f.getMessage()));
                    return EXIT_KAFKA;
                }
                return 0;
            } catch (StoreException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_STORE;
            } finally {
                closed.countDown();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch closed) {
        try {
            closed.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it is what stopped the workers.
        }
    }
}
