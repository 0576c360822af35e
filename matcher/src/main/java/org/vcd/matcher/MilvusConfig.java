package org.vcd.matcher;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a Milvus frame store lives and how to talk to it.
 *
 * @param uri            the server, {@code http://host:19530} (or {@code https://} for TLS)
 * @param token          credentials ({@code user:password} or an API key), or null without authentication
 * @param database       Milvus database holding the collection
 * @param collection     the collection holding the frames
 * @param timeout        deadline of each call to the server
 * @param retries        further attempts after a call fails with a transient error (server unavailable)
 * @param initialBackoff wait before the first retry; each further retry waits twice as long, up to 10 s
 */
public record MilvusConfig(String uri, String token, String database, String collection, Duration timeout,
                           int retries, Duration initialBackoff) {

    public static final String DEFAULT_DATABASE = "default";
    public static final String DEFAULT_COLLECTION = "vcd_frames";
    /** Calls may take this long: a batch insert of a long video or a 60-frame search on a loaded cluster. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_RETRIES = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);

    public MilvusConfig {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(collection, "collection");
        if (!collection.matches("[A-Za-z_][A-Za-z0-9_]{0,254}")) {
            throw new IllegalArgumentException("a Milvus collection name is letters, digits and _, not starting with a"
                    + " digit: " + collection);
        }
        if (timeout.isNegative() || timeout.isZero() || retries < 0 || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, retries and backoff not negative");
        }
    }

    /** The default timeout and retries for the collection at {@code uri}. */
    public static MilvusConfig of(String uri, String token, String database, String collection) {
        return new MilvusConfig(uri, token, database, collection, DEFAULT_TIMEOUT, DEFAULT_RETRIES,
                DEFAULT_INITIAL_BACKOFF);
    }

    /** Names the store in messages; never shows the token. */
    @Override
    public String toString() {
        return uri + " database " + database + " collection " + collection;
    }
}
