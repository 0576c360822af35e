package org.vcd.deploy.events;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.vcd.ingest.HttpDownload;
import org.vcd.ingest.IngestException;

/**
 * Turns an event's URI into a local file the pipeline can decode. Local files are read in place; {@code http(s)}
 * URLs are downloaded by ingest's {@link HttpDownload} into a temporary file with a size and time limit. A failure
 * that may pass (connection refused, timeout, HTTP 5xx, 408, 429: {@link IngestException#isTransient()}) is an
 * {@link IOException}, retried with backoff; one that will not (bad URI, HTTP 4xx, too large) is a
 * {@link PoisonEventException}.
 */
final class VideoSource {

    private final HttpDownload.Limits limits;

    VideoSource(long maxBytes, Duration timeout) {
        this.limits = new HttpDownload.Limits(maxBytes, timeout, HttpDownload.Redirects.FOLLOW);
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
        try {
            return new LocalVideo(HttpDownload.fetch(url, limits).file(), true);
        } catch (IngestException e) {
            if (e.isTransient()) {
                throw new IOException(e.getMessage(), e);
            }
            throw downloadFailed(e.getMessage());
        }
    }

    private static PoisonEventException downloadFailed(String message) {
        return new PoisonEventException(Rejection.DOWNLOAD_FAILED, null, message, UploadEvent.Envelope.UNREADABLE);
    }

    private static PoisonEventException unsupported(String message) {
        return new PoisonEventException(Rejection.UNSUPPORTED_URI, null, message, UploadEvent.Envelope.UNREADABLE);
    }
}
