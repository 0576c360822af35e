package org.vcd.deploy.events;

import java.nio.file.Path;
import java.util.Map;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;

/**
 * A worker in its own JVM, for {@link EventWorkerTest} to kill with SIGKILL. Args: bootstrap servers, topic prefix,
 * store folder, state folder, instance name. Prints the worker's log lines on stdout, flushed, and runs until killed.
 */
public final class WorkerChild {

    public static void main(String[] args) throws Exception {
        String prefix = args[1];
        WorkerConfig config = WorkerConfig.DEFAULT.withKafka(args[0], prefix + "-group")
                .withTopics(prefix + "-uploads", prefix + "-verdicts", prefix + "-dlq")
                .withInstance(args[4], 1)
                .withKafkaProperties(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
        try (PipelineModels models = new PipelineModels()) {
            CopyDetector detector = CopyDetector.withDefaults(models);
            try (var store = detector.openStoreForWriting(Path.of(args[2]));
                 ProcessedEvents processed = ProcessedEvents.open(Path.of(args[3]));
                 EventWorkers workers = EventWorkers.start(config, detector, store, processed, line -> {
                     System.out.println(line);
                     System.out.flush();
                 })) {
                workers.await(java.time.Duration.ofDays(1));
            }
        }
    }
}
