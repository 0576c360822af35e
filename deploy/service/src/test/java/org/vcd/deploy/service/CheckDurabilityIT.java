package org.vcd.deploy.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vcd.testdata.CopyFixture;

/**
 * The packaged service in its own JVM, killed with SIGKILL the moment it has answered the last of a burst of
 * submissions with 202: every accepted check is still there after the restart (H2 wrote each commit before the
 * answer) and finishes; the production JSON log lines about them carry their ids. (With H2's default write delay,
 * checks accepted within 500 ms of its previous background write were lost here on every run.)
 */
class CheckDurabilityIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int CHECKS = 6;

    @Test
    void aCheckAcceptedJustBeforeASigkillIsKeptAndFinishesAfterTheRestart() throws Exception {
        CopyFixture fixture = ServiceTestData.fixture();
        Path data = Files.createTempDirectory(ServiceTestData.TARGET, "durability-data-");
        List<String> ids = new ArrayList<>();
        Path firstLog;
        try (PackagedService first = PackagedService.start(ServiceRestartIT.APP, data, 1, Map.of())) {
            as(first, PackagedService.ADMIN_KEY).multiPart("file", fixture.reference().toFile(), "video/mp4")
                    .multiPart("id", "reference").post("/api/v1/references").then().statusCode(201);
            // Back to back with a plain client, as a busy moderator tool would: each commit then follows the
            // previous one closely, which is what H2's delayed write lost.
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest submit = LoadBenchmark.multipart(first, "/api/v1/checks", PackagedService.MODERATOR_KEY,
                    Files.readAllBytes(fixture.copy()), null);
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (int i = 0; i < CHECKS; i++) {
                answers.add(http.send(submit, HttpResponse.BodyHandlers.ofString()));
            }
            first.kill();
            for (HttpResponse<String> answer : answers) {
                assertEquals(202, answer.statusCode(), answer.body());
                ids.add(JSON.readTree(answer.body()).path("id").asText());
            }
            firstLog = first.log;
        }
        // What a crash mid-upload leaves: the service's own partial file and the HTTP layer's temporary file.
        Path part = Files.write(data.resolve("incoming/" + UUID.randomUUID() + ".part"), new byte[1000]);
        Path upload = Files.write(data.resolve("incoming/" + UUID.randomUUID()), new byte[1000]);

        try (PackagedService second = PackagedService.start(ServiceRestartIT.APP, data, 1,
                Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"))) {
            for (String id : ids) {
                awaitFinished(second, id).then().body("status", equalTo("done"))
                        .body("result.matches[0].reference", equalTo("reference"));
            }
            assertFalse(Files.exists(part) || Files.exists(upload), "leftover uploads are removed at startup");

            List<JsonNode> lines = jsonLines(second.log);
            assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().startsWith("resuming ")),
                    "the restart resumed unfinished checks");
            String last = ids.get(CHECKS - 1);
            for (String message : List.of("check started", "check done")) {
                assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().startsWith(message)
                                && last.equals(l.path("mdc").path("check_id").asText())),
                        "a JSON log line '" + message + "' carries check_id " + last);
            }
        }
        assertEquals(CHECKS, Files.readAllLines(firstLog).stream().filter(l -> l.contains("check accepted")).count(),
                "the first run logged each acceptance");
    }

    static Response awaitFinished(PackagedService service, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (true) {
            Response check = as(service, PackagedService.MODERATOR_KEY).get("/api/v1/checks/" + id);
            assertEquals(200, check.statusCode(), "check " + id + " exists: " + check.asString());
            String status = check.path("status");
            if ("done".equals(status) || "failed".equals(status) || System.nanoTime() > deadline) {
                return check;
            }
            Thread.sleep(250);
        }
    }

    /** The log's JSON lines (the JVM may print a few plain lines of its own). */
    static List<JsonNode> jsonLines(Path log) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    static RequestSpecification as(PackagedService service, String key) {
        return given().baseUri("http://127.0.0.1").port(service.port).header("X-API-Key", key);
    }
}
