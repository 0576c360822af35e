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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fetches an http(s) video into a temporary file, refusing it as soon as it passes the size limit and
 * abandoning it at the deadline. Downloading first (rather than letting FFmpeg stream the URL) lets the same
 * checks and the same seekable decoding apply to every input, and bounds what a slow or endless server costs.
 */
final class HttpDownload {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    /** Closes the body of a download that outlives its deadline: a blocked read then fails at once. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vcd-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private HttpDownload() {
    }

    /** Downloads {@code uri} to a new temporary file the caller deletes; typed errors for every failure. */
    static Path fetch(URI uri, long maxBytes, long deadlineNanos) throws IngestException {
        String name = uri.toString();
        Path file;
        try {
            file = Files.createTempFile("vcd-download-", extension(uri));
        } catch (IOException e) {
            throw new IngestException(IngestException.Reason.DOWNLOAD_FAILED, "no room for a download: " + e.getMessage(), e);
        }
        boolean done = false;
        try {
            copy(uri, name, file, maxBytes, deadlineNanos);
            done = true;
            return file;
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // A leftover temporary file is harmless; the refusal is what the caller needs.
                }
            }
        }
    }

    private static void copy(URI uri, String name, Path file, long maxBytes, long deadlineNanos)
            throws IngestException {
        HttpResponse<InputStream> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(remaining(deadlineNanos, name)).GET().build();
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw timeout(name, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IngestException(IngestException.Reason.DOWNLOAD_FAILED,
                    "cannot download " + name + ": " + oneLine(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException(IngestException.Reason.DOWNLOAD_FAILED, "download interrupted: " + name, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IngestException(IngestException.Reason.DOWNLOAD_FAILED,
                        "HTTP " + response.statusCode() + " from " + name);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw tooLarge(name, declared + " bytes", maxBytes);
            }
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(body),
                    Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw tooLarge(name, "over " + maxBytes + " bytes", maxBytes);
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                if (System.nanoTime() - deadlineNanos >= 0) {
                    throw timeout(name, e);
                }
                throw new IngestException(IngestException.Reason.DOWNLOAD_FAILED,
                        "download failed part way: " + name + ": " + oneLine(e), e);
            } finally {
                watchdog.cancel(false);
            }
        } catch (IOException e) {
            throw new IngestException(IngestException.Reason.DOWNLOAD_FAILED, "download failed: " + name, e);
        }
    }

    private static Duration remaining(long deadlineNanos, String name) throws IngestException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw timeout(name, null);
        }
        return Duration.ofNanos(left);
    }

    static IngestException timeout(String name, Throwable cause) {
        return new IngestException(IngestException.Reason.TIMEOUT, "gave up on " + name
                + ": the decode timeout passed", cause);
    }

    private static IngestException tooLarge(String name, String size, long maxBytes) {
        return new IngestException(IngestException.Reason.TOO_LARGE,
                "download is " + size + ", the limit is " + maxBytes + ": " + name);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing only unblocks the reader; it reports the failure.
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

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ");
    }
}
