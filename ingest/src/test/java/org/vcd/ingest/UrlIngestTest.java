package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.testdata.LoopbackHttp;
import org.vcd.testdata.SyntheticVideo;

/** http(s) sources, served by a real HTTP server on loopback. */
class UrlIngestTest {

    @TempDir
    static Path dir;

    private static Path video;
    private static byte[] bytes;
    private static LoopbackHttp server;

    @BeforeAll
    static void serve() throws Exception {
        video = dir.resolve("clip.mkv");
        SyntheticVideo.write(video, 11, 4, 160, 120, 25);
        bytes = Files.readAllBytes(video);
        server = LoopbackHttp.start();
        server.handle("/clip.mkv", exchange -> send(exchange, bytes.length, bytes.length));
        server.handle("/chunked.mkv", exchange -> send(exchange, 0, bytes.length));
        server.status("/missing.mkv", 404);
        server.stall("/stalled.mkv", bytes, 1000);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends the video's first {@code length} bytes; {@code declared} 0 means chunked, with no length up front. */
    private static void send(HttpExchange exchange, long declared, int length) throws IOException {
        exchange.sendResponseHeaders(200, declared);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes, 0, length);
        }
    }

    private static URI url(String path) {
        return server.url(path);
    }

    private static IngestException.Reason refusal(IngestConfig config, String path) {
        IngestException e = assertThrows(IngestException.class,
                () -> new VideoIngest(config).ingest(url(path), IngestProgress.NONE));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains(url(path).toString()), e.getMessage());
        return e.reason();
    }

    @Test
    void aUrlGivesTheSameFeaturesAsTheFileAndLeavesNoDownloadBehind() throws Exception {
        VideoIngest ingest = new VideoIngest(IngestConfig.DEFAULT);
        long before = downloads();
        VideoFeatures local = ingest.ingest(video);
        for (String path : new String[] {"/clip.mkv", "/chunked.mkv"}) {
            VideoFeatures remote = ingest.ingest(url(path), IngestProgress.NONE);
            assertArrayEquals(local.timestamps(), remote.timestamps());
            assertArrayEquals(local.vectors(), remote.vectors());
        }
        assertEquals(before, downloads());
    }

    @Test
    void errorStatus() {
        assertEquals(IngestException.Reason.DOWNLOAD_FAILED, refusal(IngestConfig.DEFAULT, "/missing.mkv"));
    }

    @Test
    void oversizeBodyWithAndWithoutALength() {
        IngestConfig small = IngestConfig.DEFAULT.withMaxFileBytes(bytes.length - 1);
        assertEquals(IngestException.Reason.TOO_LARGE, refusal(small, "/clip.mkv"));
        assertEquals(IngestException.Reason.TOO_LARGE, refusal(small, "/chunked.mkv"));
    }

    @Test
    void aServerThatStallsIsAbandonedAtTheTimeout() {
        long began = System.nanoTime();
        assertEquals(IngestException.Reason.TIMEOUT,
                refusal(IngestConfig.DEFAULT.withDecodeTimeoutSeconds(1), "/stalled.mkv"));
        double took = (System.nanoTime() - began) / 1e9;
        assertTrue(took < 10, "gave up after " + took + " s");
    }

    @Test
    void unreachableHost() throws Exception {
        // A port nothing listens on: take one and close it.
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/x.mp4");
        assertEquals(IngestException.Reason.DOWNLOAD_FAILED, assertThrows(IngestException.class,
                () -> new VideoIngest(IngestConfig.DEFAULT).ingest(closed, IngestProgress.NONE)).reason());
    }

    private static long downloads() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("vcd-download-")).count();
        }
    }
}
