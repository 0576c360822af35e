package org.vcd.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.vcd.domain.Messages;

/**
 * A video fetched over http(s) into a local file: the one downloader of the project (ingest's URL sources, the
 * event workers, the service and the audit all fetch through {@link #fetch}). Downloading first, rather than
 * letting FFmpeg stream the URL, gives URLs the same checks and the same seekable decoding as files.
 *
 * <p>A download is refused as soon as it passes its size limit (the declared {@code Content-Length}, else the bytes
 * streamed) and abandoned at its time limit, connecting to last byte (a watchdog closes the body, so a stalled
 * server cannot hold the caller). Every failure is an {@link IngestException}: {@code TOO_LARGE}, {@code TIMEOUT}
 * or {@code DOWNLOAD_FAILED}, and {@link IngestException#isTransient()} says whether another attempt may succeed.
 *
 * @param source      the URL the bytes came from, after redirects
 * @param file        where they are; {@link #close()} deletes it
 * @param bytes       how many were received
 * @param contentType the {@code Content-Type} the server declared, or null
 */
public record HttpDownload(URI source, Path file, long bytes, String contentType) implements AutoCloseable {

    /**
     * What one download may cost and where it may go.
     *
     * @param maxBytes  largest body accepted
     * @param timeout   time allowed from connecting to the last byte, redirects included
     * @param redirects which redirects are followed
     */
    public record Limits(long maxBytes, Duration timeout, Redirects redirects) {
        public Limits {
            if (maxBytes < 1 || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a download needs a positive size and time limit");
            }
            Objects.requireNonNull(redirects);
        }
    }

    /**
     * At most {@code max} redirects are followed, each hop given to {@code check} before it is requested. They are
     * followed here, not by {@link HttpClient}, so that a hop can be vetted before any connection to it (the service
     * refuses hops to internal addresses). A hop to another scheme than http(s), or from https down to http, is
     * never followed.
     */
    public record Redirects(int max, HopCheck check) {
        /** A redirect is a permanent failure. */
        public static final Redirects NEVER = new Redirects(0, hop -> { });
        /** Up to 5 hops anywhere, HttpClient's own limit. */
        public static final Redirects FOLLOW = new Redirects(5, hop -> { });

        public Redirects {
            if (max < 0) {
                throw new IllegalArgumentException("redirects must be >= 0: " + max);
            }
            Objects.requireNonNull(check);
        }
    }

    /** Vets a redirect's target before it is requested. */
    @FunctionalInterface
    public interface HopCheck {
        /** Refuses {@code hop} by throwing: the exception reaches fetch's caller unchanged, no file left behind. */
        void check(URI hop);
    }

    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
    /**
     * Redirects are followed by hand (see {@link Redirects}). The request's timeout and the watchdog enforce a
     * download's time limit; the connect timeout only caps one connection attempt.
     */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    /** Closes the body of a download that outlives its deadline: a blocked read then fails at once. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vcd-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Downloads {@code url} into a new temporary file ({@code vcd-download-*} in {@code java.io.tmpdir}, with the
     * URL's extension as a hint for FFmpeg); close the result to delete it.
     */
    public static HttpDownload fetch(URI url, Limits limits) throws IngestException {
        Path file;
        try {
            file = Files.createTempFile("vcd-download-", extension(url));
        } catch (IOException e) {
            throw failed(true, "no room for a download of " + url + ": " + Messages.oneLine(e), e);
        }
        return fetch(url, file, limits);
    }

    /** Downloads {@code url} into {@code file} (created or replaced), which is deleted if the download fails. */
    public static HttpDownload fetch(URI url, Path file, Limits limits) throws IngestException {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        boolean done = false;
        try {
            HttpDownload download = follow(url, file, limits, deadline);
            done = true;
            return download;
        } finally {
            if (!done) {
                delete(file);
            }
        }
    }

    /** Deletes the file; a leftover temporary file is harmless, so a failure to delete is not reported. */
    @Override
    public void close() {
        delete(file);
    }

    private static HttpDownload follow(URI url, Path file, Limits limits, long deadline) throws IngestException {
        if (!isHttp(url)) {
            throw failed(false, "not an http(s) URL: " + url, null);
        }
        URI at = url;
        for (int hops = 0; ; hops++) {
            HttpResponse<InputStream> response = send(at, deadline);
            InputStream body = response.body();
            try {
                int status = response.statusCode();
                if (REDIRECT_STATUSES.contains(status)) {
                    at = redirect(at, status, response.headers().firstValue("Location"), hops, limits.redirects());
                    continue;
                }
                if (status != 200) {
                    // 408, 429 and 5xx say "not now"; any other status will not change on its own.
                    throw failed(status == 408 || status == 429 || status >= 500, "HTTP " + status + " from " + at,
                            null);
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > limits.maxBytes()) {
                    throw tooLarge(at, declared + " bytes", limits.maxBytes());
                }
                long bytes = copy(body, file, at, limits.maxBytes(), deadline);
                return new HttpDownload(at, file, bytes, response.headers().firstValue("Content-Type").orElse(null));
            } finally {
                closeQuietly(body);
            }
        }
    }

    private static HttpResponse<InputStream> send(URI url, long deadline) throws IngestException {
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(remaining(url, deadline)).GET().build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw timeout(url, e);
        } catch (IOException e) {
            throw failed(true, "cannot download " + url + ": " + Messages.oneLine(e), e);
        } catch (IllegalArgumentException e) {
            throw failed(false, "cannot download " + url + ": " + Messages.oneLine(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(true, "download interrupted: " + url, e);
        }
    }

    /** The next hop after a redirect from {@code from}, vetted; a failure when it may not be followed. */
    static URI redirect(URI from, int status, Optional<String> location, int hops, Redirects redirects)
            throws IngestException {
        String refusal = "HTTP " + status + " from " + from;
        if (hops >= redirects.max()) {
            throw failed(false, refusal + (redirects.max() == 0 ? ": redirects are not followed"
                    : ": too many redirects (the limit is " + redirects.max() + ")"), null);
        }
        if (location.isEmpty()) {
            throw failed(false, refusal + " without a Location", null);
        }
        URI to;
        try {
            to = from.resolve(location.get());
        } catch (IllegalArgumentException e) {
            throw failed(false, refusal + " to a malformed Location: " + Messages.oneLine(e), e);
        }
        if (!isHttp(to) || from.getScheme().equalsIgnoreCase("https") && to.getScheme().equalsIgnoreCase("http")) {
            throw failed(false, refusal + " to " + to + ": only http(s), never from https to http", null);
        }
        redirects.check().check(to);
        return to;
    }

    /** Copies the body, stopping as soon as it passes the limit (a server may lie about its length, or send none). */
    private static long copy(InputStream body, Path file, URI url, long maxBytes, long deadline)
            throws IngestException {
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(body),
                Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = body.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(url, "over " + maxBytes + " bytes", maxBytes);
                }
                out.write(buffer, 0, n);
            }
            return total;
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0) {
                throw timeout(url, e);
            }
            throw failed(true, "download failed part way: " + url + ": " + Messages.oneLine(e), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private static Duration remaining(URI url, long deadline) throws IngestException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timeout(url, null);
        }
        return Duration.ofNanos(left);
    }

    private static boolean isHttp(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    private static IngestException failed(boolean transientFailure, String message, Throwable cause) {
        return new IngestException(IngestException.Reason.DOWNLOAD_FAILED, message, cause, transientFailure);
    }

    /** Transient: the time limit of one attempt, which a less busy server or network may meet. */
    private static IngestException timeout(URI url, Throwable cause) {
        return new IngestException(IngestException.Reason.TIMEOUT, "gave up on " + url
                + ": the download's time limit passed", cause, true);
    }

    private static IngestException tooLarge(URI url, String size, long maxBytes) {
        return new IngestException(IngestException.Reason.TOO_LARGE,
                "download is " + size + ", the limit is " + maxBytes + ": " + url);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing more is read from it; a reader it unblocks reports its own failure.
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover file is harmless; the result or the refusal is what the caller needs.
        }
    }

    /** The URL path's extension (".mp4"), so FFmpeg may use it as a hint; none when it has none. */
    private static String extension(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        return dot >= 0 && last.length() - dot <= 6 && last.substring(dot + 1).chars().allMatch(Character::isLetterOrDigit)
                ? last.substring(dot) : "";
    }
}
