package org.vcd.deploy.service;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the service reads from configuration (application.properties, VCD_* environment variables). */
@ConfigMapping(prefix = "vcd")
public interface ServiceConfig {

    /** The data folder: the frame store, uploaded references and queries, evidence pictures, the H2 database. */
    Path data();

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

    interface Auth {
        /** API keys with the admin role (references: add, delete; everything a moderator may). */
        Optional<List<String>> adminKeys();

        /** API keys with the moderator role (checks, verdicts, reading references). */
        Optional<List<String>> moderatorKeys();
    }
}
