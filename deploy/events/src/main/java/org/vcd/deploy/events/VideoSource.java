package org.vcd.deploy.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns an event's URI into a local file the pipeline can decode. Local files are read in place; {@code http(s)}
 * URLs are downloaded into a temporary file with a size limit. A failure that may pass (connection refused, timeout,
 * HTTP 5xx, 408, 429) is an {@link IOException}, retried with backoff; one that will not (bad URI, HTTP 4xx,
 * too large) is a {@link PoisonEventException}.
 */
final class VideoSource {

    private final HttpClient http;
    private final long maxBytes;
    private final Duration timeout;

    VideoSource(long maxBytes, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    /** A local video file; a temporary download is deleted on close. */
    record LocalVideo(Path file, boolean temporary) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (temporary) {
                Files.deleteIfExists(file);
            }
        }
    }

    LocalVideo fetch(String uri) throws PoisonEventException, IOException {
        if (uri.startsWith("/")) {
            return new LocalVideo(Path.of(uri), false);
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw unsupported("not a URI: " + e.getReason());
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                try {
                    return new LocalVideo(Path.of(parsed), false);
                } catch (IllegalArgumentException e) {
                    throw unsupported("not a local file URI: " + e.getMessage());
                }
            case "http":
            case "https":
                return download(parsed);
            case "":
                throw unsupported("a relative path: give an absolute path or a file: URI");
            default:
                throw unsupported("scheme \"" + scheme + "\" is not supported (file, http, https, or an absolute path)");
        }
    }

    private LocalVideo download(URI url) throws PoisonEventException, IOException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 408 || status == 429 || status >= 500) {
                throw new IOException("HTTP " + status + " from " + url);
            }
            if (status != 200) {
                throw downloadFailed("HTTP " + status + " from " + url);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw tooLarge(url);
            }
            Path file = Files.createTempFile("vcd-download-", suffix(url));
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                for (int n; (n = body.read(buffer)) > 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw tooLarge(url);
                    }
                    out.write(buffer, 0, n);
                }
                return new LocalVideo(file, true);
            } catch (IOException | PoisonEventException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }
    }

    /** Keeps the URL's extension, a hint FFmpeg may use to pick the container. */
    private static String suffix(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        int dot = path.lastIndexOf('.');
        String ext = dot >= 0 && dot > path.lastIndexOf('/') ? path.substring(dot) : "";
        return ext.matches("\\.[A-Za-z0-9]{1,8}") ? ext : ".video";
    }

    private PoisonEventException tooLarge(URI url) {
        return downloadFailed(url + " is larger than " + maxBytes + " bytes");
    }

    private static PoisonEventException downloadFailed(String message) {
        return new PoisonEventException(Rejection.DOWNLOAD_FAILED, null, message, UploadEvent.Envelope.UNREADABLE);
    }

    private static PoisonEventException unsupported(String message) {
        return new PoisonEventException(Rejection.UNSUPPORTED_URI, null, message, UploadEvent.Envelope.UNREADABLE);
    }
}
