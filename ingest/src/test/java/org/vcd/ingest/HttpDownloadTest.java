package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.testdata.LoopbackHttp;

/** The downloader's contract, against a real HTTP server on loopback: limits, redirects, transient or not. */
class HttpDownloadTest {

    private static final HttpDownload.Limits FOLLOW = new HttpDownload.Limits(1 << 20, Duration.ofSeconds(30),
            HttpDownload.Redirects.FOLLOW);

    private static byte[] body;
    private static LoopbackHttp server;

    @TempDir
    Path dir;

    @BeforeAll
    static void serve() throws IOException {
        body = new byte[100_000];
        new Random(3).nextBytes(body);
        server = LoopbackHttp.start()
                .serve("/video.mp4", "video/mp4", body)
                .redirect("/moved", 302, "/video.mp4")
                .redirect("/moved-twice", 301, "/moved")
                .redirect("/elsewhere", 302, "ftp://example.com/video.mp4")
                .stall("/stalled", body, 1000);
        for (int status : new int[] {400, 403, 404, 410, 408, 429, 500, 502, 503}) {
            server.status("/status/" + status, status);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void followsRedirectsToTheBytesAndDeletesThemOnClose() throws Exception {
        Path file;
        try (HttpDownload download = HttpDownload.fetch(server.url("/moved-twice"), FOLLOW)) {
            file = download.file();
            assertArrayEquals(body, Files.readAllBytes(file));
            assertEquals(body.length, download.bytes());
            assertEquals(server.url("/video.mp4"), download.source());
            assertEquals("video/mp4", download.contentType());
            assertTrue(file.getFileName().toString().startsWith("vcd-download-"), file.toString());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void aHopCheckSeesEveryHopBeforeItIsRequestedAndItsRefusalReachesTheCaller() {
        List<URI> seen = new ArrayList<>();
        HttpDownload.Redirects vetted = new HttpDownload.Redirects(3, hop -> {
            seen.add(hop);
            if (hop.getPath().equals("/video.mp4")) {
                throw new SecurityException("not there");
            }
        });
        Path target = dir.resolve("incoming.part");
        SecurityException refused = assertThrows(SecurityException.class, () -> HttpDownload.fetch(
                server.url("/moved-twice"), target, new HttpDownload.Limits(1 << 20, Duration.ofSeconds(30), vetted)));
        assertEquals("not there", refused.getMessage());
        assertEquals(List.of(server.url("/moved"), server.url("/video.mp4")), seen);
        assertFalse(Files.exists(target), "nothing left of a refused download");
    }

    @Test
    void aRedirectNotFollowedIsPermanent() {
        IngestException never = failure("/moved", HttpDownload.Redirects.NEVER);
        assertTrue(never.getMessage().contains("HTTP 302") && never.getMessage().contains("not followed"),
                never.getMessage());
        IngestException tooMany = failure("/moved-twice", new HttpDownload.Redirects(1, hop -> { }));
        assertTrue(tooMany.getMessage().contains("too many redirects"), tooMany.getMessage());
        IngestException ftp = failure("/elsewhere", HttpDownload.Redirects.FOLLOW);
        assertTrue(ftp.getMessage().contains("only http(s)"), ftp.getMessage());
        for (IngestException e : List.of(never, tooMany, ftp)) {
            assertEquals(IngestException.Reason.DOWNLOAD_FAILED, e.reason());
            assertFalse(e.isTransient(), e.getMessage());
        }
    }

    @Test
    void aRedirectFromHttpsDownToHttpIsRefused() throws IngestException {
        URI from = URI.create("https://videos.example/a.mp4");
        IngestException e = assertThrows(IngestException.class, () -> HttpDownload.redirect(from, 302,
                Optional.of("http://videos.example/a.mp4"), 0, HttpDownload.Redirects.FOLLOW));
        assertFalse(e.isTransient());
        assertEquals(URI.create("https://cdn.example/a.mp4"), HttpDownload.redirect(from, 302,
                Optional.of("https://cdn.example/a.mp4"), 0, HttpDownload.Redirects.FOLLOW));
    }

    @Test
    void statusesThatMayPassAreTransientTheOthersPermanent() {
        for (int status : new int[] {408, 429, 500, 502, 503}) {
            IngestException e = failure("/status/" + status, HttpDownload.Redirects.FOLLOW);
            assertEquals(IngestException.Reason.DOWNLOAD_FAILED, e.reason());
            assertTrue(e.isTransient(), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
        }
        for (int status : new int[] {400, 403, 404, 410}) {
            IngestException e = failure("/status/" + status, HttpDownload.Redirects.FOLLOW);
            assertEquals(IngestException.Reason.DOWNLOAD_FAILED, e.reason());
            assertFalse(e.isTransient(), e.getMessage());
        }
    }

    @Test
    void aClosedPortAndAStalledServerAreTransientAnOversizeBodyIsNot() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        IngestException closed = assertThrows(IngestException.class, () -> HttpDownload.fetch(
                URI.create("http://127.0.0.1:" + port + "/x.mp4"), FOLLOW));
        assertEquals(IngestException.Reason.DOWNLOAD_FAILED, closed.reason());
        assertTrue(closed.isTransient());

        long began = System.nanoTime();
        Path target = dir.resolve("stalled.part");
        IngestException stalled = assertThrows(IngestException.class, () -> HttpDownload.fetch(server.url("/stalled"),
                target, new HttpDownload.Limits(1 << 20, Duration.ofSeconds(1), HttpDownload.Redirects.NEVER)));
        assertEquals(IngestException.Reason.TIMEOUT, stalled.reason());
        assertTrue(stalled.isTransient());
        assertTrue((System.nanoTime() - began) / 1e9 < 10, "abandoned near its time limit");
        assertFalse(Files.exists(target));

        IngestException large = assertThrows(IngestException.class, () -> HttpDownload.fetch(
                server.url("/video.mp4"), new HttpDownload.Limits(body.length - 1, Duration.ofSeconds(30),
                        HttpDownload.Redirects.NEVER)));
        assertEquals(IngestException.Reason.TOO_LARGE, large.reason());
        assertFalse(large.isTransient());
    }

    private static IngestException failure(String path, HttpDownload.Redirects redirects) {
        return assertThrows(IngestException.class, () -> HttpDownload.fetch(server.url(path),
                new HttpDownload.Limits(1 << 20, Duration.ofSeconds(30), redirects)));
    }
}
