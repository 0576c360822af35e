package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.testdata.SyntheticVideo;

/** http(s) sources, served by a real HTTP server on loopback. */
class UrlIngestTest {

    @TempDir
    static Path dir;

    private static Path video;
    private static byte[] bytes;
    private static HttpServer server;
    private static ExecutorService handlers;
    private static final CountDownLatch RELEASE_STALLED = new CountDownLatch(1);

    @BeforeAll
    static void serve() throws Exception {
        video = dir.resolve("clip.mkv");
        SyntheticVideo.write(video, 11, 4, 160, 120, 25);
        bytes = Files.readAllBytes(video);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/clip.mkv", exchange -> send(exchange, bytes.length, bytes.length));
        server.createContext("/chunked.mkv", exchange -> send(exchange, 0, bytes.length));
        server.createContext("/missing.mkv", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/stalled.mkv", exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, 0, 1000);
                out.flush();
                RELEASE_STALLED.await(60, TimeUnit.SECONDS); // a server that stops sending mid-body
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // The client gave up, as it should.
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        RELEASE_STALLED.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    /** Sends the video's first {@code length} bytes; {@code declared} 0 means chunked, with no length up front. */
    private static void send(HttpExchange exchange, long declared, int length) throws IOException {
        exchange.sendResponseHeaders(200, declared);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes, 0, length);
        }
    }

    private static URI url(String path) {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + path);
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
