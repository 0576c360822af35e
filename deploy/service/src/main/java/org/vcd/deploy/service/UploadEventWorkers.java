package org.vcd.deploy.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;
import org.vcd.deploy.events.EventWorkers;
import org.vcd.deploy.events.ProcessedEvents;
import org.vcd.deploy.events.WorkerConfig;

/**
 * The Kafka upload-event workers (deploy/events) run inside the service when {@code vcd.events.enabled}: on the
 * service's store, with the processed-event record in the service's database, so a worker process keeps no state of
 * its own (cluster mode). Live while any worker thread runs: threads end only for good (fenced, refused, broker gone
 * at start), and a restart is then the cure.
 */
@Liveness
@ApplicationScoped
public class UploadEventWorkers implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(UploadEventWorkers.class);

    private final ServiceConfig config;
    private final Library library;
    private final AgroalDataSource database;
    private EventWorkers workers;
    private ProcessedEvents processed;

    UploadEventWorkers(ServiceConfig config, Library library, AgroalDataSource database) {
        this.config = config;
        this.library = library;
        this.database = database;
    }

    /** The event workers' settings from vcd.events.*; backoff and download limits keep the workers' defaults. */
    static WorkerConfig workerConfig(ServiceConfig config) {
        ServiceConfig.Events events = config.events();
        Map<String, String> kafka = new LinkedHashMap<>();
        for (String pair : events.kafka().orElse(List.of())) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalStateException("vcd.events.kafka takes KEY=VALUE entries, not: " + pair);
            }
            kafka.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return WorkerConfig.DEFAULT.withKafka(events.bootstrapServers(), events.group())
                .withTopics(events.uploadsTopic(), events.verdictsTopic(), events.dlqTopic())
                .withInstance(config.instanceName(), events.threads())
                .withKafkaProperties(kafka);
    }

    /** After the store is open (Library starts at the default priority, APPLICATION + 500). */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 700) StartupEvent started) {
        if (!config.events().enabled()) {
            return;
        }
        WorkerConfig worker = workerConfig(config);
        processed = ProcessedEvents.inDatabase(database, worker.group());
        workers = EventWorkers.start(worker, library.detector(), library.store(), processed, LOG::info);
        LOG.infof("event workers %s consuming %s from %s (group %s)", workers.names(), worker.uploadsTopic(),
                worker.bootstrapServers(), worker.group());
    }

    /** Before the store closes: each thread finishes and commits the event in hand. */
    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent stopping) {
        if (workers != null) {
            workers.close();
            processed.close();
        }
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = workers == null || workers.isRunning();
        return HealthCheckResponse.named("event-workers").status(up)
                .withData("enabled", workers != null).build();
    }
}
