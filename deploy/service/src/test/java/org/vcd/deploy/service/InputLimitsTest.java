package org.vcd.deploy.service;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Inputs over the documented limits are refused with 400 and the JSON error body before anything is written (no
 * file, no frames, no row), and every refusal, whatever layer makes it, has that body.
 */
@QuarkusTest
@QuarkusTestResource(ServiceTestData.class)
class InputLimitsTest {

    @ConfigProperty(name = "vcd.data")
    Path data;

    @Inject
    Library library;

    @Test
    void aReferenceWithATooLongFileNameOrTitleIsRefusedBeforeAnythingIsWritten() throws IOException {
        byte[] video = Files.readAllBytes(ServiceTestData.fixture().unrelated());
        List<Path> filesBefore = files("references");
        ApiTest.admin().multiPart("file", "n".repeat(InputLimits.NAME + 1) + ".mp4", video, "video/mp4")
                .multiPart("id", "long-name").post("/api/v1/references")
                .then().statusCode(400).body("error", containsString("file name"));
        ApiTest.admin().multiPart("file", "ok.mp4", video, "video/mp4").multiPart("id", "long-title")
                .multiPart("title", "t".repeat(InputLimits.TITLE + 1)).post("/api/v1/references")
                .then().statusCode(400).body("error", containsString("title"));
        for (String id : List.of("long-name", "long-title")) {
            ApiTest.moderator().get("/api/v1/references/" + id).then().statusCode(404);
            assertTrue(library.store().metadata(id).isEmpty(), "no frames stored for " + id);
        }
        assertEquals(filesBefore, files("references"));
        assertEquals(List.of(), files("incoming"));
    }

    @Test
    void aRefusedReplacementLeavesTheEarlierReferenceWhole() throws IOException {
        Path first = ServiceTestData.fixture().unrelated();
        try {
            ApiTest.admin().multiPart("file", first.toFile(), "video/mp4").multiPart("id", "replace-me")
                    .multiPart("title", "first").post("/api/v1/references").then().statusCode(201);
            Map<String, String> stored = library.store().metadata("replace-me").orElseThrow();
            ApiTest.admin().multiPart("file", ServiceTestData.fixture().reference().toFile(), "video/mp4")
                    .multiPart("id", "replace-me").multiPart("title", "t".repeat(600)).post("/api/v1/references")
                    .then().statusCode(400).body("error", containsString("title"));
            int frames = ApiTest.moderator().get("/api/v1/references/replace-me").then().statusCode(200)
                    .body("title", equalTo("first")).body("bytes", equalTo((int) Files.size(first)))
                    .extract().path("frames");
            assertEquals(Files.size(first), Files.size(data.resolve("references/replace-me.mp4")));
            assertEquals(stored, library.store().metadata("replace-me").orElseThrow());
            assertEquals(frames, library.store().frames("replace-me").orElseThrow().frameCount());
        } finally {
            ApiTest.admin().delete("/api/v1/references/replace-me");
        }
    }

    @Test
    void aCheckWithATooLongNameIsRefusedAndNothingIsKept() throws IOException {
        List<Path> checksBefore = files("checks");
        String longName = "q".repeat(InputLimits.NAME + 1);
        ApiTest.moderator().multiPart("file", ServiceTestData.fixture().copy().toFile(), "video/mp4")
                .multiPart("name", longName).post("/api/v1/checks")
                .then().statusCode(400).body("error", containsString("name"));
        ApiTest.moderator().multiPart("file", longName + ".mp4", Files.readAllBytes(ServiceTestData.fixture().copy()),
                "video/mp4").post("/api/v1/checks").then().statusCode(400).body("error", containsString("name"));
        ApiTest.moderator().contentType(ContentType.JSON)
                .body(Map.of("uri", "http://localhost:9/copy.mp4", "name", longName)).post("/api/v1/checks")
                .then().statusCode(400).body("error", containsString("name"));
        assertEquals(checksBefore, files("checks"));
        assertEquals(List.of(), files("incoming"));
    }

    @Test
    void pagesAndSizesOutOfRangeGet400() {
        for (Map<String, Object> params : List.<Map<String, Object>>of(Map.of("page", 1073741824, "size", 2),
                Map.of("page", -1), Map.of("size", 0), Map.of("page", InputLimits.MAX_PAGE + 1))) {
            ApiTest.moderator().queryParams(params).get("/api/v1/references").then().statusCode(400)
                    .body("error", org.hamcrest.Matchers.matchesPattern("(page|size) must be a whole number .*"));
        }
        ApiTest.moderator().queryParams(Map.of("page", InputLimits.MAX_PAGE, "size", InputLimits.PAGE_SIZE))
                .get("/api/v1/references").then().statusCode(200);
    }

    @Test
    void everyRefusalHasTheJsonErrorBody() throws IOException {
        String check = "/api/v1/checks/00000000-0000-0000-0000-000000000000";
        ApiTest.moderator().contentType(ContentType.JSON).body("{\"uri\": ").post("/api/v1/checks")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", containsString("JSON"));
        ApiTest.moderator().contentType(ContentType.JSON).body("{\"decision\": " + "[".repeat(3000) + "]".repeat(3000) + "}")
                .put(check + "/verdicts/ref").then().statusCode(400).body("error", containsString("JSON"));
        ApiTest.moderator().contentType(ContentType.JSON).body("{\"decision\": {\"nested\": 1}}")
                .put(check + "/verdicts/ref").then().statusCode(400).body("error", notNullValue());
        ApiTest.moderator().queryParam("limit", "abc").get("/api/v1/checks").then().statusCode(400)
                .body("error", containsString("limit"));
        ApiTest.moderator().multiPart("file", ServiceTestData.fixture().copy().toFile(), "video/mp4")
                .queryParam("wait", "abc").post("/api/v1/checks").then().statusCode(400)
                .body("error", containsString("wait"));
        ApiTest.moderator().queryParam("page", "x").get("/api/v1/references").then().statusCode(400)
                .body("error", containsString("page"));
        ApiTest.moderator().get("/api/v1/no-such-endpoint").then().statusCode(404).body("error", notNullValue());
        ApiTest.moderator().contentType(ContentType.TEXT).body("hello").post("/api/v1/checks")
                .then().statusCode(415).body("error", notNullValue());
        ApiTest.moderator().delete("/api/v1/checks").then().statusCode(405).body("error", notNullValue());

        // The ingest stage's reasons never show the server's folders.
        byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(ServiceTestData.fixture().copy()), 4000);
        ApiTest.admin().multiPart("file", "truncated.mp4", truncated, "video/mp4").multiPart("id", "truncated-path")
                .post("/api/v1/references").then().statusCode(422)
                .body("error", not(containsString(data.toString()))).body("error", not(containsString("incoming")));
        String failed = ApiTest.moderator().multiPart("file", "truncated.mp4", truncated, "video/mp4")
                .queryParam("wait", 60).post("/api/v1/checks").then().statusCode(200)
                .body("status", equalTo("failed")).extract().path("error");
        assertTrue(!failed.contains(data.toString()) && !failed.contains("/checks/"), failed);
    }

    @Test
    void theOpenApiDocumentListsEveryStatusTheApiReturns() {
        String checks = "paths.'/api/v1/checks'.post.responses";
        var openapi = ApiTest.moderator().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        for (String status : List.of("200", "202", "400", "401", "403", "413", "415", "502", "503", "504")) {
            assertTrue(openapi.getMap(checks).containsKey(status), "POST /checks documents " + status);
        }
        for (String status : List.of("201", "400", "401", "403", "413", "415", "422", "502", "503", "504")) {
            assertTrue(openapi.getMap("paths.'/api/v1/references'.post.responses").containsKey(status),
                    "POST /references documents " + status);
        }
    }

    private List<Path> files(String folder) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve(folder))) {
            return files.sorted().toList();
        }
    }
}
