package org.vcd.deploy.events;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vcd.deploy.Json;
import org.vcd.domain.Messages;
import org.vcd.matcher.StoreException;

/**
 * One worker thread: a consumer in the group and a transactional producer. For each record, in order per partition:
 * decide the event (store a reference, check an upload), then in ONE Kafka transaction publish its verdict (and its
 * dead letter, for an event that can never succeed) and commit the record's offset. A crash before the commit
 * aborts the transaction, so the record is redelivered and nothing it published is visible to read_committed
 * readers; a commit makes both at once. Re-sent events (same id, another record) are recognised through
 * {@link ProcessedEvents}.
 *
 * <p>Failures: an event that can never succeed is rejected at once (dead letter + error verdict) and the partition
 * moves on. A transient failure rewinds the partition to the record and retries it after a growing pause, polling in
 * between so the worker stays in the group: a failing download until {@link WorkerConfig#downloadAttempts}, after
 * which the event is rejected; a failing store for ever, since nothing else could succeed either. A Kafka error in the
 * transaction aborts it and retries the record the same way. A fenced producer (another worker took this identity)
 * or a refused authorisation ends the thread; its partitions go to the rest of the group.
 */
public final class EventWorker implements Runnable {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CLOSE = Duration.ofSeconds(10);
    private static final Duration LOOKUP = Duration.ofSeconds(30);

    private final WorkerConfig config;
    private final String name;
    private final EventHandler handler;
    private final ProcessedEvents processed;
    private final Consumer<String> log;
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    /** Transient failures so far of the record at each position; the pause before its next attempt grows with it. */
    private final Map<ProcessedEvents.Position, Integer> failures = new HashMap<>();
    private volatile boolean stopping;
    private volatile Throwable fatal;

    EventWorker(WorkerConfig config, int thread, EventHandler handler, ProcessedEvents processed,
                Consumer<String> log) {
        this.config = config;
        this.name = config.instance() + "-" + thread;
        this.handler = handler;
        this.processed = processed;
        this.log = log;
        this.consumer = new KafkaConsumer<>(consumerProperties(config, name));
        try {
            this.producer = new KafkaProducer<>(producerProperties(config, name, config.transactionalId(thread)));
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    static Properties consumerProperties(WorkerConfig config, String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // Offsets are committed only inside the transaction that publishes the outcome.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Upstream producers may be transactional too: never act on an event they rolled back.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxPollRecords()));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.putAll(config.kafka());
        return p;
    }

    private static Properties producerProperties(WorkerConfig config, String clientId, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Back-to-back transactions: the coordinator answers CONCURRENT_TRANSACTIONS while the previous commit's
        // markers are written, and the client waits retry.backoff.ms (100 ms, growing to 1 s) before asking again.
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "10");
        p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "100");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.putAll(config.kafka());
        return p;
    }

    public String name() {
        return name;
    }

    /** The error that ended this worker early, or null. */
    public Throwable fatal() {
        return fatal;
    }

    /**
     * Asks the worker to stop: the event in hand is finished and committed, records fetched but not started are
     * handed back (never committed, so the group redelivers them), and the consumer leaves the group.
     */
    public void stop() {
        stopping = true;
        stopSignal.countDown();
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            producer.initTransactions(); // also aborts a transaction a crashed predecessor of this identity left open
            consumer.subscribe(List.of(config.uploadsTopic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Nothing to flush: every decided record was committed in its own transaction.
                    failures.clear();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        log.accept(name + " assigned " + partitions);
                    }
                }
            });
            while (!stopping) {
                ConsumerRecords<String, String> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    break;
                }
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, String> record : records.records(partition)) {
                        if (stopping || !decideAndCommit(record)) {
                            break; // stopping: hand the rest back; otherwise the partition was rewound to retry
                        }
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            fatal = e;
            log.accept(name + " stopped by an error: " + Messages.oneLine(e));
        } finally {
            closeClients();
        }
    }

    /** Decides one record and commits its outcome; false when it was not committed and will be seen again. */
    private boolean decideAndCommit(ConsumerRecord<String, String> record) {
        ProcessedEvents.Position at = new ProcessedEvents.Position(record.topic(), record.partition(), record.offset());
        UploadEvent event = null;
        PoisonEventException poison = null;
        try {
            event = UploadEvent.parse(record.value());
        } catch (PoisonEventException e) {
            poison = e;
        }
        String eventId = event != null ? event.eventId() : poison.envelope().eventId();
        String label = name + " " + (eventId == null ? "(unreadable)" : eventId) + " " + at.partition() + "@"
                + at.offset();
        log.accept(label + " started");
        try {
            if (eventId != null && decidedElsewhere(eventId, at)) {
                return commit(at, label + " -> duplicate (already decided), skipped", null, List.of());
            }
        } catch (WakeupException e) {
            return false; // stopping while looking up: hand the record back
        } catch (KafkaException | StoreException e) {
            return retryLater(at, label, e); // the broker or the record's database is briefly away
        }
        Verdict verdict = null;
        if (poison == null) {
            try {
                verdict = handler.decide(event, name);
            } catch (PoisonEventException e) {
                poison = e;
            } catch (IOException e) {
                if (failures.getOrDefault(at, 0) + 1 < config.downloadAttempts()) {
                    return retryLater(at, label, e);
                }
                poison = new PoisonEventException(Rejection.DOWNLOAD_FAILED, null, "gave up after "
                        + config.downloadAttempts() + " attempts: " + Messages.oneLine(e), event.envelope());
            } catch (StoreException e) {
                return retryLater(at, label, e);
            }
        }
        List<ProducerRecord<String, String>> messages = new ArrayList<>(2);
        if (poison != null) {
            verdict = EventHandler.rejected(poison, name);
            messages.add(new ProducerRecord<>(config.deadLetterTopic(), record.key(), Json.line(deadLetter(poison,
                    record))));
        }
        if (verdict != null) {
            messages.add(new ProducerRecord<>(config.verdictsTopic(), verdict.videoId(), Json.line(verdict)));
        }
        String outcome = verdict != null ? verdict.status().json() : "dead-lettered";
        return commit(at, label + " -> " + outcome + (poison != null ? " (" + poison.rejection().json() + ": "
                + poison.getMessage() + ")" : ""), eventId, messages);
    }

    /** Whether another record with this event id already had its outcome committed. */
    private boolean decidedElsewhere(String eventId, ProcessedEvents.Position at) {
        Optional<ProcessedEvents.Position> earlier = processed.lookup(eventId);
        if (earlier.isEmpty() || earlier.get().equals(at)) {
            return false;
        }
        // Its entry was written before its transaction committed: it counts only if that commit happened.
        TopicPartition partition = new TopicPartition(earlier.get().topic(), earlier.get().partition());
        OffsetAndMetadata committed = consumer.committed(Set.of(partition), LOOKUP).get(partition);
        return committed != null && committed.offset() > earlier.get().offset();
    }

    private DeadLetter deadLetter(PoisonEventException e, ConsumerRecord<String, String> record) {
        return new DeadLetter(UploadEvent.SCHEMA, e.rejection(), e.detail(), e.getMessage(), e.envelope().eventId(),
                e.envelope().videoId(), record.topic(), record.partition(), record.offset(), record.value(),
                Instant.now().toString(), name);
    }

    /** Publishes the messages and commits the record's offset in one transaction. */
    private boolean commit(ProcessedEvents.Position at, String done, String eventId,
                           List<ProducerRecord<String, String>> messages) {
        TopicPartition partition = new TopicPartition(at.topic(), at.partition());
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, String> message : messages) {
                producer.send(message);
            }
            if (eventId != null) {
                processed.record(eventId, at); // counts only once the commit below has happened
            }
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(at.offset() + 1)),
                    consumer.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | AuthenticationException e) {
            throw e; // this producer can do nothing more: end the thread, the group takes its partitions
        } catch (KafkaException | StoreException e) {
            producer.abortTransaction();
            return retryLater(at, done, e);
        }
        failures.remove(at);
        log.accept(done);
        return true;
    }

    /** Pauses, then rewinds the record's partition to it, so the next poll brings it back. */
    private boolean retryLater(ProcessedEvents.Position at, String label, Exception cause) {
        int attempt = failures.merge(at, 1, Integer::sum);
        Duration pause = config.backoff(attempt);
        log.accept(label + " failed (attempt " + attempt + "), retrying in " + pause.toMillis() + " ms: "
                + Messages.oneLine(cause));
        try {
            stopSignal.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
        }
        TopicPartition partition = new TopicPartition(at.topic(), at.partition());
        if (consumer.assignment().contains(partition)) {
            consumer.seek(partition, at.offset());
        }
        return false;
    }

    /** Closes the Kafka clients; done by {@link #run()} on its way out, or directly for a worker never started. */
    void closeClients() {
        try {
            consumer.close(CLOSE); // leaves the group at once, so its partitions move without waiting for a timeout
        } catch (RuntimeException e) {
            log.accept(name + " consumer close: " + Messages.oneLine(e));
        }
        try {
            producer.close(CLOSE);
        } catch (RuntimeException e) {
            log.accept(name + " producer close: " + Messages.oneLine(e));
        }
    }
}
