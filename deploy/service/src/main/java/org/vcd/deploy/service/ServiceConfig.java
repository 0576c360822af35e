package org.vcd.deploy.service;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vcd.deploy.events.WorkerConfig;

/** Everything the service reads from configuration (application.properties, VCD_* environment variables). */
@ConfigMapping(prefix = "vcd")
public interface ServiceConfig {

    /** The data folder: the frame store, uploaded references and queries, evidence pictures, the H2 database. */
    Path data();

    /**
     * The frame store, as {@code vcd --store} takes it: a folder (the embedded Lucene store) or
     * {@code milvus://HOST:PORT/DATABASE/COLLECTION} (cluster mode). Default: {@code store/} in the data folder.
     */
    Optional<String> store();

    /**
     * This process's name among the services sharing one database and Kafka group: it owns the checks it accepted
     * or took over, and names its transactional producers. Unique per live process, stable across its restarts
     * (a StatefulSet pod name, not a Deployment's). Default: the host name.
     */
    Optional<String> instance();

    /** {@link #instance()}, or the host name as the event workers name themselves by default. */
    default String instanceName() {
        return instance().orElse(WorkerConfig.DEFAULT.instance());
    }

    /**
     * Fault injection for the crash tests, never set in production: the process halts at once (as if killed with
     * SIGKILL: no shutdown hook, no clean-up) just before this step of a reference add (RECORD, STAGE, STORE, FILE,
     * ROW). A restart must then leave the old reference whole or the new one whole, and nothing else.
     */
    Optional<String> crashTestHaltBefore();

    /**
     * How long a check stays claimed by its instance without a renewal (renewed every third of it); a check whose
     * claim ran out is taken over by another instance sharing the database.
     */
    @WithDefault("60s")
    Duration claimLease();

    Events events();

    /** Checks run at once (each decodes one video); further checks wait in the queue. */
    @WithDefault("2")
    int workers();

    /** Accepted checks not yet finished above which new submissions get 503: a bound, never a drop. */
    @WithDefault("1000")
    int maxQueued();

    /**
     * Starts after which an unfinished check is failed at the next start instead of run again: a check that kills
     * the process every time (or is cut short by every shutdown) must not be rerun forever.
     */
    @WithDefault("3")
    int maxAttempts();

    /** Longest a synchronous check ({@code ?wait=SECONDS}) may hold the request. */
    @WithDefault("60s")
    Duration maxWait();

    /** Largest video accepted, uploaded or fetched; also the HTTP body limit. */
    MemorySize maxUpload();

    Uri uri();

    Auth auth();

    Retention retention();

    interface Uri {
        /** Schemes a reference or check may be fetched from. */
        @WithDefault("http,https")
        List<String> schemes();

        /** Host names allowed although they resolve to loopback, private or link-local addresses. */
        Optional<List<String>> allowedPrivateHosts();

        /** Time limit of one fetch, connecting to last byte, redirects included. */
        @WithDefault("30s")
        Duration timeout();
    }

    /** The upload-event workers this process runs (docs/EVENTS.md); off in the embedded profile, on in cluster. */
    interface Events {
        @WithDefault("false")
        boolean enabled();

        @WithDefault(WorkerConfig.DEFAULT_BOOTSTRAP_SERVERS)
        String bootstrapServers();

        @WithDefault(WorkerConfig.DEFAULT_GROUP)
        String group();

        @WithDefault(WorkerConfig.DEFAULT_UPLOADS_TOPIC)
        String uploadsTopic();

        @WithDefault(WorkerConfig.DEFAULT_VERDICTS_TOPIC)
        String verdictsTopic();

        @WithDefault(WorkerConfig.DEFAULT_DEAD_LETTER_TOPIC)
        String dlqTopic();

        /** Consumer threads; each decodes one video at a time. */
        @WithDefault(WorkerConfig.DEFAULT_THREADS)
        int threads();

        /** Extra Kafka client properties, {@code KEY=VALUE} each (security, session.timeout.ms, ...). */
        Optional<List<String>> kafka();
    }

    /** How long checks and their files are kept (docs/SERVICE.md, Retention). */
    interface Retention {
        /**
         * Finished checks whose {@code finished_at} is older than this are deleted, row, verdicts and files, by a
         * periodic sweep. Default: none, checks are kept until an admin deletes them.
         */
        Optional<Duration> maxAge();

        /** How often the sweep runs when {@link #maxAge()} is set. */
        @WithDefault("1h")
        Duration sweepEvery();

        /**
         * Whether a failed check keeps its query video (to look into why it failed). By default it is deleted as the
         * check fails: it holds no evidence, and an upload nobody can check should not stay on disk.
         */
        @WithDefault("false")
        boolean keepFailedUploads();
    }

    interface Auth {
        /** API keys with the admin role (references: add, delete; everything a moderator may). */
        Optional<List<String>> adminKeys();

        /** API keys with the moderator role (checks, verdicts, reading references). */
        Optional<List<String>> moderatorKeys();
    }
}
