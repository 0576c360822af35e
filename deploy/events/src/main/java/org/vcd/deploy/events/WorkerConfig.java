package org.vcd.deploy.events;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.vcd.deploy.VideoIds;

/**
 * Everything an upload-event worker can be told, in one place.
 *
 * @param bootstrapServers  Kafka brokers, {@code host:port,...}
 * @param group             consumer group; workers in one group share the uploads topic's partitions
 * @param uploadsTopic      events in ({@link UploadEvent})
 * @param verdictsTopic     outcomes out ({@link Verdict}); read it with {@code isolation.level=read_committed}
 * @param deadLetterTopic   events that can never succeed ({@link DeadLetter})
 * @param instance          this process's name, unique in the group and stable across its restarts: it names the
 *                          transactional producers, so a restarted worker fences its dead predecessor at once
 * @param threads           consumer threads in this process, sharing one store
 * @param maxPollRecords    records fetched per poll; each is decided and committed on its own
 * @param retryBackoff      first pause after a transient failure; doubles per attempt up to {@code maxRetryBackoff}
 * @param maxRetryBackoff   longest pause between attempts (well under Kafka's max.poll.interval.ms)
 * @param downloadAttempts  attempts at fetching one video before it is rejected; store failures are retried forever
 * @param maxDownloadBytes  largest video downloaded from an http(s) URL
 * @param downloadTimeout   time limit of one download attempt, connecting to last byte (a stalled server cannot
 *                          hold a worker); an attempt that passes it is retried like any transient failure
 * @param kafka             extra Kafka client properties (security, tuning), applied to consumers and producers
 */
public record WorkerConfig(String bootstrapServers, String group, String uploadsTopic, String verdictsTopic,
                           String deadLetterTopic, String instance, int threads, int maxPollRecords,
                           Duration retryBackoff, Duration maxRetryBackoff, int downloadAttempts,
                           long maxDownloadBytes, Duration downloadTimeout, Map<String, String> kafka) {

    // The defaults the service's configuration names too, as constants because its annotations need them.
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String DEFAULT_GROUP = "vcd-workers";
    public static final String DEFAULT_UPLOADS_TOPIC = "video-uploads";
    public static final String DEFAULT_VERDICTS_TOPIC = "video-verdicts";
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "video-uploads-dlq";
    public static final String DEFAULT_THREADS = "1";

    public static final WorkerConfig DEFAULT = new WorkerConfig(DEFAULT_BOOTSTRAP_SERVERS, DEFAULT_GROUP,
            DEFAULT_UPLOADS_TOPIC, DEFAULT_VERDICTS_TOPIC, DEFAULT_DEAD_LETTER_TOPIC, hostName(),
            Integer.parseInt(DEFAULT_THREADS), 10, Duration.ofMillis(500),
            Duration.ofSeconds(30), 8, 8L << 30, Duration.ofMinutes(10), Map.of());

    public WorkerConfig {
        if (threads < 1 || maxPollRecords < 1 || downloadAttempts < 1 || maxDownloadBytes < 1) {
            throw new IllegalArgumentException("threads, max poll records, download attempts and size must be >= 1");
        }
        if (retryBackoff.isNegative() || maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("retry backoff must be >= 0 and <= its maximum");
        }
        if (!VideoIds.isValid(instance) || instance.contains(" ")) {
            throw new IllegalArgumentException("instance must be a short name without spaces: " + instance);
        }
        kafka = Map.copyOf(kafka);
    }

    public WorkerConfig withKafka(String bootstrapServers, String group) {
        return new WorkerConfig(bootstrapServers, group, uploadsTopic, verdictsTopic, deadLetterTopic, instance,
                threads, maxPollRecords, retryBackoff, maxRetryBackoff, downloadAttempts, maxDownloadBytes,
                downloadTimeout, kafka);
    }

    public WorkerConfig withTopics(String uploads, String verdicts, String deadLetters) {
        return new WorkerConfig(bootstrapServers, group, uploads, verdicts, deadLetters, instance, threads,
                maxPollRecords, retryBackoff, maxRetryBackoff, downloadAttempts, maxDownloadBytes, downloadTimeout,
                kafka);
    }

    public WorkerConfig withInstance(String name, int threadCount) {
        return new WorkerConfig(bootstrapServers, group, uploadsTopic, verdictsTopic, deadLetterTopic, name,
                threadCount, maxPollRecords, retryBackoff, maxRetryBackoff, downloadAttempts, maxDownloadBytes,
                downloadTimeout, kafka);
    }

    public WorkerConfig withRetries(Duration backoff, Duration maxBackoff, int attempts) {
        return new WorkerConfig(bootstrapServers, group, uploadsTopic, verdictsTopic, deadLetterTopic, instance,
                threads, maxPollRecords, backoff, maxBackoff, attempts, maxDownloadBytes, downloadTimeout, kafka);
    }

    public WorkerConfig withKafkaProperties(Map<String, String> properties) {
        return new WorkerConfig(bootstrapServers, group, uploadsTopic, verdictsTopic, deadLetterTopic, instance,
                threads, maxPollRecords, retryBackoff, maxRetryBackoff, downloadAttempts, maxDownloadBytes,
                downloadTimeout, properties);
    }

    /** Pause before attempt {@code attempt + 1} (attempt counts from 1). */
    Duration backoff(int attempt) {
        long millis = retryBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxRetryBackoff.toMillis()));
    }

    /** The transactional id of one worker thread: stable across restarts of this instance. */
    String transactionalId(int thread) {
        return group + "-" + instance + "-" + thread;
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return VideoIds.isValid(name) && !name.contains(" ") ? name : "worker";
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
