package org.vcd.deploy.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Receives videos: checks an upload's declared type, size and first bytes, or fetches an allowed URI (following
 * at most a few redirects, each checked again) with the same limits. What passes sits in the incoming area;
 * what fails is deleted and refused with a 4xx, so nothing unchecked is ever stored.
 */
@ApplicationScoped
public class VideoIntake {

    private static final int MAX_REDIRECTS = 3;

    private final DataFolder data;
    private final long maxBytes;
    private final UriPolicy policy;
    private final HttpClient http;
    private final java.time.Duration timeout;

    VideoIntake(DataFolder data, ServiceConfig config) {
        this.data = data;
        this.maxBytes = config.maxUpload().asLongValue();
        this.policy = new UriPolicy(Set.copyOf(config.uri().schemes()),
                Set.copyOf(config.uri().allowedPrivateHosts().orElse(List.of())));
        this.timeout = config.uri().timeout();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout).build();
    }

    public IncomingVideo fromUpload(FileUpload upload) {
        if (upload == null || upload.uploadedFile() == null) {
            throw RefusedInput.badRequest("no video: send it as the multipart part 'file'");
        }
        if (!VideoContainer.acceptableDeclaredType(upload.contentType())) {
            throw new RefusedInput(415, "declared type " + upload.contentType() + " is not a video type");
        }
        Path incoming = data.incoming();
        try {
            long size = Files.size(upload.uploadedFile());
            checkSize(size);
            Files.move(upload.uploadedFile(), incoming);
            return recognise(incoming, upload.fileName(), size);
        } catch (IOException e) {
            delete(incoming);
            throw new UncheckedIOException("cannot receive upload: " + e.getMessage(), e);
        }
    }

    public IncomingVideo fromUri(String text) {
        URI uri = policy.check(text);
        Path incoming = data.incoming();
        try {
            for (int hop = 0; ; hop++) {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    if (status / 100 == 3 && hop < MAX_REDIRECTS) {
                        String location = response.headers().firstValue("Location")
                                .orElseThrow(() -> new RefusedInput(502, "redirect without a Location from " + text));
                        uri = policy.check(uri.resolve(location).toString());
                        continue;
                    }
                    if (status != 200) {
                        throw new RefusedInput(502, "fetching " + uri + " gave HTTP " + status);
                    }
                    String type = response.headers().firstValue("Content-Type").orElse(null);
                    if (!VideoContainer.acceptableDeclaredType(type)) {
                        throw new RefusedInput(415, uri + " is served as " + type + ", not a video type");
                    }
                    response.headers().firstValueAsLong("Content-Length").ifPresent(this::checkSize);
                    long size = copyAtMost(body, incoming);
                    return recognise(incoming, uri.toString(), size);
                }
            }
        } catch (IOException e) {
            delete(incoming);
            throw new RefusedInput(502, "cannot fetch " + uri + ": " + e.getMessage());
        } catch (InterruptedException e) {
            delete(incoming);
            Thread.currentThread().interrupt();
            throw new RefusedInput(503, "interrupted while fetching " + uri);
        } catch (RuntimeException e) {
            delete(incoming);
            throw e;
        }
    }

    private IncomingVideo recognise(Path incoming, String origin, long size) throws IOException {
        if (size == 0) {
            delete(incoming);
            throw RefusedInput.badRequest("the video is empty");
        }
        VideoContainer container = VideoContainer.sniff(incoming).orElse(null);
        if (container == null) {
            delete(incoming);
            throw new RefusedInput(415, "not a video: the content is none of the accepted containers (MP4/MOV, "
                    + "Matroska/WebM, AVI, Ogg, MPEG-TS, MPEG-PS, FLV)");
        }
        return new IncomingVideo(incoming, container, origin, size);
    }

    private void checkSize(long size) {
        if (size > maxBytes) {
            throw new RefusedInput(413, "the video is larger than the limit of " + maxBytes + " bytes");
        }
    }

    /** Copies the body, stopping with 413 as soon as it passes the limit (a server may lie about its length). */
    private long copyAtMost(InputStream in, Path out) throws IOException {
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (OutputStream o = Files.newOutputStream(out)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                checkSize(total);
                o.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // never read again; see IncomingVideo.discard
        }
    }
}
