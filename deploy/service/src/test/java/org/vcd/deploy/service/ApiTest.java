package org.vcd.deploy.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vcd.testdata.CopyFixture;
import org.vcd.testdata.LoopbackHttp;
import org.vcd.testdata.SyntheticSound;
import org.vcd.testdata.VideoFormats;

/** The REST API end to end on generated videos: every endpoint, the roles, refused inputs. */
@QuarkusTest
@QuarkusTestResource(ServiceTestData.class)
class ApiTest {

    static final String REFERENCE = "fixture-reference";

    /**
     * Scores and times are doubles in the JSON; read them as such (the default gives floats). Set on each request,
     * not globally: Quarkus resets RestAssured's global configuration when another test profile restarts the app.
     */
    private static final io.restassured.config.RestAssuredConfig DOUBLES = io.restassured.config.RestAssuredConfig
            .config().jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                    .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));

    @ConfigProperty(name = "vcd.data")
    Path data;

    @io.quarkus.test.common.http.TestHTTPResource("/api/v1/checks")
    java.net.URI checksUri;

    static RequestSpecification admin() {
        return given().config(DOUBLES).header("X-API-Key", ServiceTestData.ADMIN_KEY);
    }

    static RequestSpecification moderator() {
        return given().config(DOUBLES).header("X-API-Key", ServiceTestData.MODERATOR_KEY);
    }

    /** Adds the fixture's reference once per application (tests in any order rely on it). */
    static synchronized void ensureReference() {
        if (admin().get("/api/v1/references/" + REFERENCE).statusCode() == 200) {
            return;
        }
        CopyFixture fixture = ServiceTestData.fixture();
        admin().multiPart("file", fixture.reference().toFile(), "video/mp4").multiPart("id", REFERENCE)
                .multiPart("title", "The fixture reference")
                .post("/api/v1/references")
                .then().statusCode(201)
                .body("id", equalTo(REFERENCE)).body("frames", equalTo(40))
                .body("duration_seconds", closeTo(40.0, 0.1)).body("container", equalTo("mp4"));
    }

    /** Submits a check of the fixture's copy and waits for it; returns the finished check. */
    static Response checkCopy() {
        return moderator().multiPart("file", ServiceTestData.fixture().copy().toFile(), "video/mp4")
                .queryParam("wait", 120).post("/api/v1/checks");
    }

    @BeforeEach
    void reference() {
        ensureReference();
    }

    @Test
    void aSynchronousCheckFindsTheCopyWithTheMatchJsonOfVcdCheckAndItsEvidence() {
        Response check = checkCopy();
        check.then().statusCode(200)
                .header("Location", containsString("/api/v1/checks/"))
                .body("status", equalTo("done"))
                .body("attempts", equalTo(1))
                .body("result.query", equalTo("copy.mp4"))
                .body("result.matches[0].reference", equalTo(REFERENCE))
                .body("result.matches[0].segments[0].query_start", closeTo(6.0, 1.5))
                .body("result.matches[0].segments[0].query_end", closeTo(21.0, 1.5))
                .body("result.matches[0].segments[0].reference_start", closeTo(12.0, 1.5))
                .body("result.matches[0].segments[0].reference_end", closeTo(27.0, 1.5))
                .body("result.matches[0].segments[0].query_view", equalTo("decoded"))
                .body("evidence[0].segments[0].where_found", equalTo("found in the query's frame as decoded"))
                .body("references." + REFERENCE + ".title", equalTo("The fixture reference"))
                .body("evidence[0].segments[0].frames.size()", equalTo(Evidence.FRAMES_PER_SEGMENT));
        String id = check.path("id");
        // The result object has exactly the fields `vcd check` prints, nothing more.
        Map<String, Object> result = check.path("result");
        assertEquals(List.of("query", "matches"), List.copyOf(result.keySet()));
        Map<String, Object> match = check.path("result.matches[0]");
        assertEquals(List.of("reference", "score", "segments"), List.copyOf(match.keySet()));
        Map<String, Object> segment = check.path("result.matches[0].segments[0]");
        assertEquals(List.of("query_start", "query_end", "reference_start", "reference_end", "score", "query_view",
                "evidence"), List.copyOf(segment.keySet()));
        assertEquals(List.of("visual"), segment.get("evidence"), "the fixture has no sound: the pictures found it");

        byte[] png = moderator().get(check.<String>path("evidence[0].heat_map"))
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertTrue(png.length > 100 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG");
        for (String side : List.of("query", "reference")) {
            byte[] jpeg = moderator().get(check.<String>path("evidence[0].segments[0].frames[1]." + side))
                    .then().statusCode(200).contentType("image/jpeg").extract().asByteArray();
            assertTrue(jpeg.length > 100 && (jpeg[0] & 0xff) == 0xff && (jpeg[1] & 0xff) == 0xd8, "a JPEG");
        }
        moderator().get("/api/v1/checks/" + id + "/matches/0/segments/0/frames/9/query.jpg").then().statusCode(404);
        moderator().get("/api/v1/checks/" + id + "/matches/0/segments/0/frames/0/sideways.jpg").then().statusCode(400);
        moderator().get("/api/v1/checks/" + id + "/matches/3/heat-map.png").then().statusCode(404);
        byte[] video = moderator().get("/api/v1/checks/" + id + "/video").then().statusCode(200)
                .contentType("video/mp4").extract().asByteArray();
        assertEquals(fileSize(ServiceTestData.fixture().copy()), video.length);
        moderator().get("/api/v1/references/" + REFERENCE + "/video").then().statusCode(200).contentType("video/mp4");
    }

    @Test
    void anAsynchronousCheckIsAcceptedThenFinishesAndIsListed() throws InterruptedException {
        Response accepted = moderator().multiPart("file", ServiceTestData.fixture().unrelated().toFile(), "video/mp4")
                .multiPart("name", "unrelated upload").post("/api/v1/checks");
        accepted.then().statusCode(202).body("status", org.hamcrest.Matchers.oneOf("queued", "running", "done"));
        String id = accepted.path("id");
        Response done = awaitFinished(id);
        done.then().body("status", equalTo("done")).body("result.query", equalTo("unrelated upload"))
                .body("result.matches", empty()).body("evidence", empty());
        moderator().get("/api/v1/checks").then().statusCode(200).body("id", hasItem(id));
        moderator().queryParam("status", "done").get("/api/v1/checks").then().statusCode(200).body("id", hasItem(id))
                .body("status", not(hasItem("queued")));
        moderator().queryParam("status", "nonsense").get("/api/v1/checks").then().statusCode(400);
        moderator().get("/api/v1/checks/00000000-0000-0000-0000-000000000000").then().statusCode(404);
        moderator().get("/api/v1/checks/..%2F..%2Fetc").then().statusCode(404);
    }

    @Test
    void aVerdictIsStoredReturnedWithTheCheckAndSummarisedInTheList() {
        String id = checkCopy().then().statusCode(200).extract().path("id");
        moderator().contentType(ContentType.JSON).body(Map.of("decision", "maybe"))
                .put("/api/v1/checks/" + id + "/verdicts/" + REFERENCE).then().statusCode(400);
        moderator().contentType(ContentType.JSON).body(Map.of("decision", "confirmed"))
                .put("/api/v1/checks/" + id + "/verdicts/not-matched").then().statusCode(404);
        moderator().contentType(ContentType.JSON).body(Map.of("decision", "dismissed", "note", "first look"))
                .put("/api/v1/checks/" + id + "/verdicts/" + REFERENCE).then().statusCode(200)
                .body("verdicts[0].decision", equalTo("dismissed"));
        moderator().contentType(ContentType.JSON).body(Map.of("decision", "confirmed", "note", "same footage, cropped"))
                .put("/api/v1/checks/" + id + "/verdicts/" + REFERENCE).then().statusCode(200)
                .body("verdicts.size()", equalTo(1))
                .body("verdicts[0].reference", equalTo(REFERENCE))
                .body("verdicts[0].decision", equalTo("confirmed"))
                .body("verdicts[0].note", equalTo("same footage, cropped"))
                .body("verdicts[0].decided_by", equalTo("moderator-1"));
        moderator().get("/api/v1/checks/" + id).then().body("verdicts[0].decision", equalTo("confirmed"));
        List<Map<String, Object>> list = moderator().get("/api/v1/checks").then().extract().path("");
        Map<String, Object> line = list.stream().filter(c -> id.equals(c.get("id"))).findFirst().orElseThrow();
        assertEquals("confirmed", line.get("verdict"));
        assertEquals(1, line.get("matches"));
    }

    @Test
    void referencesAreListedAPageAtATimeAndRefusedIdsGet400() {
        admin().multiPart("file", ServiceTestData.fixture().unrelated().toFile(), "application/octet-stream")
                .multiPart("id", "paging-extra").post("/api/v1/references").then().statusCode(201);
        long total = moderator().get("/api/v1/references").then().statusCode(200).extract().<Integer>path("total");
        assertTrue(total >= 2);
        moderator().queryParam("size", 1).queryParam("page", 0).get("/api/v1/references").then()
                .body("items.size()", equalTo(1)).body("size", equalTo(1));
        String first = moderator().queryParam("size", 1).queryParam("page", 0).get("/api/v1/references").path("items[0].id");
        String second = moderator().queryParam("size", 1).queryParam("page", 1).get("/api/v1/references").path("items[0].id");
        assertTrue(!first.equals(second), "pages do not overlap");
        moderator().queryParam("size", 1000).get("/api/v1/references").then().statusCode(400);
        moderator().get("/api/v1/references/" + REFERENCE).then().statusCode(200).body("frames", equalTo(40));
        moderator().get("/api/v1/references/no-such-thing").then().statusCode(404);
        moderator().get("/api/v1/references/.hidden").then().statusCode(400);
        admin().multiPart("file", ServiceTestData.fixture().unrelated().toFile(), "video/mp4")
                .multiPart("id", "../escape").post("/api/v1/references").then().statusCode(400)
                .body("error", containsString("reference id"));
    }

    @Test
    void takedownRemovesTheReferenceSoLaterChecksNoLongerMatchIt() {
        admin().multiPart("file", ServiceTestData.fixture().reference().toFile(), "video/mp4")
                .multiPart("id", "takedown").post("/api/v1/references").then().statusCode(201);
        checkCopy().then().statusCode(200).body("result.matches.reference", hasItem("takedown"));
        moderator().delete("/api/v1/references/takedown").then().statusCode(403);
        admin().delete("/api/v1/references/takedown").then().statusCode(204);
        admin().delete("/api/v1/references/takedown").then().statusCode(404);
        moderator().get("/api/v1/references/takedown").then().statusCode(404);
        assertTrue(Stream.of("mp4", "mkv").noneMatch(ext -> Files.exists(data.resolve("references/takedown." + ext))));
        checkCopy().then().statusCode(200).body("result.matches.reference", not(hasItem("takedown")))
                .body("result.matches.reference", hasItem(REFERENCE));
    }

    @Test
    void referencesAndChecksCanComeFromAnAllowedUriButNotFromFilesOrInternalAddresses() throws IOException {
        try (LoopbackHttp server = LoopbackHttp.start()) {
            int port = server.url("/").getPort();
            server.serve("/copy.mp4", "video/mp4", Files.readAllBytes(ServiceTestData.fixture().copy()))
                    .serve("/page.html", "text/html", "<html></html>".getBytes(StandardCharsets.UTF_8))
                    .redirect("/inward.mp4", 302, "http://127.0.0.1:" + port + "/copy.mp4");
            // "localhost" is allowed by the test configuration (vcd.uri.allowed-private-hosts); its IP is not.
            moderator().contentType(ContentType.JSON).queryParam("wait", 120)
                    .body(Map.of("uri", "http://localhost:" + port + "/copy.mp4"))
                    .post("/api/v1/checks").then().statusCode(200)
                    .body("query", equalTo("http://localhost:" + port + "/copy.mp4"))
                    .body("result.matches.reference", hasItem(REFERENCE));
            admin().contentType(ContentType.JSON)
                    .body(Map.of("uri", "http://localhost:" + port + "/copy.mp4", "id", "from-uri"))
                    .post("/api/v1/references").then().statusCode(201).body("origin", containsString("/copy.mp4"));
            moderator().contentType(ContentType.JSON).body(Map.of("uri", "http://127.0.0.1:" + port + "/copy.mp4"))
                    .post("/api/v1/checks").then().statusCode(400).body("error", containsString("internal address"));
            moderator().contentType(ContentType.JSON).body(Map.of("uri", "file:///etc/passwd"))
                    .post("/api/v1/checks").then().statusCode(400).body("error", containsString("scheme"));
            moderator().contentType(ContentType.JSON).body(Map.of("uri", "http://169.254.169.254/latest/meta-data"))
                    .post("/api/v1/checks").then().statusCode(400);
            moderator().contentType(ContentType.JSON).body(Map.of("uri", "http://localhost:" + port + "/page.html"))
                    .post("/api/v1/checks").then().statusCode(415);
            // A redirect is vetted like the URI itself: an allowed host may not send the service inwards.
            moderator().contentType(ContentType.JSON).body(Map.of("uri", "http://localhost:" + port + "/inward.mp4"))
                    .post("/api/v1/checks").then().statusCode(400).body("error", containsString("internal address"));
        }
        assertIncomingEmpty();
    }

    @Test
    void oversizeAndNonVideoUploadsGetA4xxAndNothingIsStored() throws IOException {
        long checksBefore = Files.list(data.resolve("checks")).count();
        long referencesBefore = moderator().get("/api/v1/references").<Integer>path("total");

        Path text = Files.writeString(ServiceTestData.TARGET.resolve("not-a-video.mp4"), "just some text\n".repeat(50));
        moderator().multiPart("file", text.toFile(), "video/mp4").post("/api/v1/checks").then().statusCode(415)
                .body("error", containsString("not a video"));
        admin().multiPart("file", text.toFile(), "video/mp4").multiPart("id", "text").post("/api/v1/references")
                .then().statusCode(415);
        moderator().multiPart("file", ServiceTestData.fixture().copy().toFile(), "text/plain").post("/api/v1/checks")
                .then().statusCode(415).body("error", containsString("text/plain"));

        // A file that starts like an MP4 but is larger than the test limit (8 MB).
        byte[] big = new byte[9 << 20];
        new Random(1).nextBytes(big);
        System.arraycopy(new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p'}, 0, big, 0, 8);
        Path oversize = Files.write(ServiceTestData.TARGET.resolve("oversize.mp4"), big);
        assertEquals(413, postWithExpectContinue(oversize));

        // A container that passes the magic-byte check but does not decode: the check fails with a reason.
        Path broken = ServiceTestData.truncatedCopy("truncated.mp4");
        admin().multiPart("file", broken.toFile(), "video/mp4").multiPart("id", "broken").post("/api/v1/references")
                .then().statusCode(422);
        moderator().multiPart("file", broken.toFile(), "video/mp4").queryParam("wait", 60).post("/api/v1/checks")
                .then().statusCode(200).body("status", equalTo("failed")).body("error", notNullValue());

        // The failed check keeps no files either (vcd.retention.keep-failed-uploads is off by default).
        assertEquals(checksBefore, Files.list(data.resolve("checks")).count(), "nothing kept in checks/");
        assertEquals(referencesBefore, (long) moderator().get("/api/v1/references").<Integer>path("total"));
        moderator().get("/api/v1/references/broken").then().statusCode(404);
        assertTrue(Stream.of("mp4", "mkv").noneMatch(ext -> Files.exists(data.resolve("references/broken." + ext))));
        assertIncomingEmpty();
    }

    @Test
    void everyEndpointButHealthNeedsAKeyAndAdminWorkNeedsTheAdminRole() {
        String someCheck = "/api/v1/checks/00000000-0000-0000-0000-000000000000";
        List<String> reads = List.of("/api/v1/references", "/api/v1/references/" + REFERENCE,
                "/api/v1/references/" + REFERENCE + "/video", "/api/v1/checks", someCheck, someCheck + "/video",
                someCheck + "/matches/0/heat-map.png", someCheck + "/matches/0/segments/0/frames/0/query.jpg",
                "/q/openapi", "/q/metrics");
        for (String path : reads) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", containsString("ApiKey"));
            given().header("X-API-Key", "wrong-key-0123456789").get(path).then().statusCode(401);
        }
        given().post("/api/v1/checks").then().statusCode(401);
        given().delete("/api/v1/references/" + REFERENCE).then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("decision", "confirmed"))
                .put(someCheck + "/verdicts/" + REFERENCE).then().statusCode(401);

        moderator().delete("/api/v1/references/" + REFERENCE).then().statusCode(403);
        moderator().multiPart("file", ServiceTestData.fixture().reference().toFile(), "video/mp4")
                .post("/api/v1/references").then().statusCode(403);
        moderator().contentType(ContentType.JSON).body(Map.of("uri", "http://localhost/x.mp4"))
                .post("/api/v1/references").then().statusCode(403);
        moderator().get("/api/v1/references/" + REFERENCE).then().statusCode(200);
        given().header("Authorization", "Bearer " + ServiceTestData.MODERATOR_KEY).get("/api/v1/checks")
                .then().statusCode(200);

        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("frame-store"));
        given().get("/q/health/live").then().statusCode(200);
        moderator().get("/q/openapi?format=json").then().statusCode(200).body(containsString("/api/v1/checks/{id}/verdicts/{reference}"));
        moderator().get("/q/metrics").then().statusCode(200).body(containsString("vcd_checks_unfinished"));
        given().get("/index.html").then().statusCode(200).header("Content-Security-Policy", containsString("default-src 'self'"));
    }

    /**
     * Uploads with "Expect: 100-continue", as careful clients do for big bodies: the server refuses on the declared
     * length before any byte is sent (a plain upload gets the same 413, but the client may see the connection
     * close while it is still writing).
     */
    private int postWithExpectContinue(Path file) throws IOException {
        String boundary = "vcd-test-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"oversize.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(head);
        body.write(Files.readAllBytes(file));
        body.write(tail);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(checksUri).expectContinue(true)
                .header("X-API-Key", ServiceTestData.MODERATOR_KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static Response awaitFinished(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            Response check = moderator().get("/api/v1/checks/" + id);
            String status = check.path("status");
            if ("done".equals(status) || "failed".equals(status)) {
                return check;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("check " + id + " did not finish in 3 minutes");
    }

    private void assertIncomingEmpty() throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("incoming"))) {
            assertEquals(List.of(), files.toList(), "refused videos leave nothing behind");
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The service runs the default pipeline, whose store keeps sound (audio auto): a copy whose pictures are other
     * footage entirely but whose sound is the reference's is found, located, and said to be found by the sound.
     */
    @Test
    void aCopyHeardButNotSeenIsFoundByItsSound() throws IOException {
        int rate = 22_050;
        Path dir = Files.createTempDirectory("vcd-api-sound");
        float[] music = SyntheticSound.music(4, 30, rate);
        Path reference = dir.resolve("sound-reference.mp4");
        VideoFormats.writeWithSound(reference, 901, 30, 96, 72, 10, music, rate, 64_000);
        float[] sound = new float[20 * rate]; // the reference's seconds 8-24 from the query's second 2
        System.arraycopy(music, 8 * rate, sound, 2 * rate, 16 * rate);
        Path query = dir.resolve("other-picture.mp4");
        VideoFormats.writeWithSound(query, 902, 20, 96, 72, 10, sound, rate, 32_000);
        admin().multiPart("file", reference.toFile(), "video/mp4").multiPart("id", "sound-reference")
                .post("/api/v1/references").then().statusCode(201);
        moderator().multiPart("file", query.toFile(), "video/mp4").queryParam("wait", 120).post("/api/v1/checks")
                .then().statusCode(200)
                .body("result.matches.size()", equalTo(1))
                .body("result.matches[0].reference", equalTo("sound-reference"))
                .body("result.matches[0].segments[0].evidence", equalTo(List.of("audio")))
                .body("result.matches[0].segments[0].query_start", closeTo(2.0, 1.0))
                .body("result.matches[0].segments[0].reference_start", closeTo(8.0, 1.0))
                .body("evidence[0].segments[0].where_found", containsString("sound alone"));
    }
}
