package org.vcd.deploy;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.vcd.matcher.FrameSpec;
import org.vcd.matcher.FrameStore;
import org.vcd.matcher.LuceneFrameStore;
import org.vcd.matcher.MilvusConfig;
import org.vcd.matcher.MilvusFrameStore;
import org.vcd.matcher.StoreException;

/**
 * Where a frame store lives, as every front end names it: a folder (the embedded Lucene store) or a Milvus URI,
 * {@code milvus://HOST:PORT[/DATABASE[/COLLECTION]][?timeout=SECONDS&retries=N]} ({@code milvus+tls://} for TLS).
 * The Milvus token comes from the environment variable {@value #TOKEN_VARIABLE}, never from the location, so it
 * stays out of command lines, process lists and logs.
 *
 * @param folder the Lucene store's folder, or null for Milvus
 * @param milvus the Milvus store's configuration, or null for a folder
 */
public record StoreLocation(Path folder, MilvusConfig milvus) {

    public static final String TOKEN_VARIABLE = "VCD_MILVUS_TOKEN";
    private static final int DEFAULT_MILVUS_PORT = 19530;

    public StoreLocation {
        if ((folder == null) == (milvus == null)) {
            throw new IllegalArgumentException("a store location is a folder or a Milvus collection");
        }
    }

    public static StoreLocation folder(Path folder) {
        return new StoreLocation(folder, null);
    }

    /** Parses a location given by a user, taking the Milvus token from the environment. */
    public static StoreLocation parse(String location) {
        return parse(location, System.getenv());
    }

    static StoreLocation parse(String location, Map<String, String> environment) {
        if (!location.startsWith("milvus://") && !location.startsWith("milvus+tls://")) {
            return folder(Path.of(location));
        }
        try {
            URI uri = new URI(location);
            if (uri.getHost() == null || uri.getUserInfo() != null) {
                throw bad(location, "expected milvus://HOST:PORT/DATABASE/COLLECTION, with the token in $"
                        + TOKEN_VARIABLE + " rather than in the location");
            }
            String[] path = uri.getPath() == null || uri.getPath().isEmpty() ? new String[0]
                    : uri.getPath().substring(1).split("/", -1);
            if (path.length > 2) {
                throw bad(location, "a path has at most a database and a collection");
            }
            String database = path.length > 0 && !path[0].isEmpty() ? path[0] : MilvusConfig.DEFAULT_DATABASE;
            String collection = path.length > 1 && !path[1].isEmpty() ? path[1] : MilvusConfig.DEFAULT_COLLECTION;
            Duration timeout = MilvusConfig.DEFAULT_TIMEOUT;
            int retries = MilvusConfig.DEFAULT_RETRIES;
            if (uri.getQuery() != null) {
                for (String parameter : uri.getQuery().split("&")) {
                    String[] pair = parameter.split("=", 2);
                    switch (pair[0]) {
                        case "timeout" -> timeout = Duration.ofMillis(Math.round(1000 * number(location, pair)));
                        case "retries" -> retries = (int) number(location, pair);
                        default -> throw bad(location, "unknown parameter " + pair[0] + " (timeout, retries)");
                    }
                }
            }
            String scheme = location.startsWith("milvus+tls://") ? "https" : "http";
            int port = uri.getPort() < 0 ? DEFAULT_MILVUS_PORT : uri.getPort();
            String token = environment.get(TOKEN_VARIABLE);
            return new StoreLocation(null, new MilvusConfig(scheme + "://" + uri.getHost() + ":" + port,
                    token == null || token.isEmpty() ? null : token, database, collection, timeout, retries,
                    MilvusConfig.DEFAULT_INITIAL_BACKOFF));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw bad(location, e.getMessage());
        }
    }

    private static double number(String location, String[] pair) {
        try {
            double value = Double.parseDouble(pair.length == 2 ? pair[1] : "");
            if (!(value >= 0)) {
                throw bad(location, pair[0] + " must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw bad(location, pair[0] + " must be a number");
        }
    }

    /** Credentials wrongly put in the location are not echoed back into logs and terminals. */
    private static StoreException bad(String location, String why) {
        return new StoreException("bad store location " + location.replaceFirst("//[^/]*@", "//***@") + ": " + why);
    }

    /** Opens (or creates) the store for adding frames made as {@code spec} says; refuses a store filled otherwise. */
    public FrameStore openForWriting(FrameSpec spec) {
        return folder != null ? LuceneFrameStore.openForWriting(folder, spec)
                : MilvusFrameStore.openForWriting(milvus, spec);
    }

    /** What filled the store here, without opening it; empty when there is none yet. */
    public Optional<FrameSpec> storedSpec() {
        return folder != null ? LuceneFrameStore.storedSpec(folder) : MilvusFrameStore.storedSpec(milvus);
    }

    /** Opens an existing store for reading. */
    public FrameStore openForReading() {
        return folder != null ? LuceneFrameStore.openForReading(folder) : MilvusFrameStore.openForReading(milvus);
    }

    @Override
    public String toString() {
        return folder != null ? folder.toString() : milvus.toString();
    }
}
