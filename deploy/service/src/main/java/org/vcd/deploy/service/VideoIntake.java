package org.vcd.deploy.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.vcd.ingest.HttpDownload;
import org.vcd.ingest.IngestException;

/**
 * Receives videos: checks an upload's declared type, size and first bytes, or fetches an allowed URI with ingest's
 * downloader (following at most a few redirects, each checked again) with the same limits. What passes sits in the
 * incoming area; what fails is deleted and refused with a 4xx, so nothing unchecked is ever stored.
 */
@ApplicationScoped
public class VideoIntake {

    private static final int MAX_REDIRECTS = 3;

    private final DataFolder data;
    private final long maxBytes;
    private final UriPolicy policy;
    private final HttpDownload.Limits limits;

    VideoIntake(DataFolder data, ServiceConfig config) {
        this.data = data;
        this.maxBytes = config.maxUpload().asLongValue();
        this.policy = new UriPolicy(Set.copyOf(config.uri().schemes()),
                Set.copyOf(config.uri().allowedPrivateHosts().orElse(List.of())));
        // Redirects are followed (video hosts commonly send to a CDN), but each hop is vetted by the same policy
        // before it is requested: a redirect to an internal address is refused like a URI naming one.
        this.limits = new HttpDownload.Limits(maxBytes, config.uri().timeout(),
                new HttpDownload.Redirects(MAX_REDIRECTS, hop -> policy.check(hop.toString())));
    }

    public IncomingVideo fromUpload(FileUpload upload) {
        if (upload == null || upload.uploadedFile() == null) {
            throw RefusedInput.badRequest("no video: send it as the multipart part 'file'");
        }
        Params.atMost(upload.fileName(), "the file name", InputLimits.NAME);
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
        URI uri = policy.check(Params.atMost(text, "uri", InputLimits.NAME));
        Path incoming = data.incoming();
        HttpDownload download;
        try {
            download = HttpDownload.fetch(uri, incoming, limits);
        } catch (IngestException e) {
            throw new RefusedInput(switch (e.reason()) {
                case TOO_LARGE -> 413;
                case TIMEOUT -> 504;
                default -> 502;
            }, e.getMessage());
        }
        try {
            // The declared type is known only once the body is in; the size and time limits bound that cost.
            if (!VideoContainer.acceptableDeclaredType(download.contentType())) {
                throw new RefusedInput(415, download.source() + " is served as " + download.contentType()
                        + ", not a video type");
            }
            // A redirect may have led somewhere with a longer URI, which is what is kept.
            return recognise(incoming, Params.atMost(download.source().toString(), "the URI redirected to",
                    InputLimits.NAME), download.bytes());
        } catch (IOException e) {
            delete(incoming);
            throw new UncheckedIOException("cannot read the download of " + uri + ": " + e.getMessage(), e);
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

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // never read again; see IncomingVideo.discard
        }
    }
}
