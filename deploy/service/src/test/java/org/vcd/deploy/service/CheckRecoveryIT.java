package org.vcd.deploy.service;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vcd.testdata.CopyFixture;

/**
 * Restart recovery of the packaged service in its own JVM. Killed with SIGKILL the moment it has answered the last
 * of a burst of submissions with 202, every accepted check is still there after the restart (H2 wrote each commit
 * before the answer) and finishes, and the production JSON log lines about them carry their ids. (With H2's
 * default write delay, this lost a check.) A check already started as often as vcd.max-attempts allows is failed
 * at the next start instead of being run again.
 */
class CheckRecoveryIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int CHECKS = 6;

    @Test
    void aCheckAcceptedJustBeforeASigkillIsKeptAndFinishesAfterTheRestart() throws Exception {
        CopyFixture fixture = ServiceTestData.fixture();
        Path data = Files.createTempDirectory(ServiceTestData.TARGET, "durability-data-");
        List<String> ids = new ArrayList<>();
        Path firstLog;
        try (PackagedService first = PackagedService.start(ServiceRestartIT.APP, data, 1, Map.of())) {
            first.addReference("reference", fixture.reference());
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

    @Test
    void aCheckStartedAsOftenAsTheCapAllowsIsFailedAtTheNextStartInsteadOfRunAgain() throws Exception {
        Path data = Files.createTempDirectory(ServiceTestData.TARGET, "retry-cap-data-");
        String capped;
        String below;
        try (PackagedService first = PackagedService.start(ServiceRestartIT.APP, data, 1, Map.of())) {
            capped = submitUnrelated(first);
            below = submitUnrelated(first);
            first.kill();
        }
        // As if both had been running at a crash 3 and 2 times (the default cap is 3); either may have finished
        // before the kill.
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data + "/db/vcd", "vcd", "");
             PreparedStatement update = db.prepareStatement("UPDATE vcd_check SET status = 'RUNNING', attempts = ?, "
                     + "result = NULL, error = NULL, finishedAt = NULL WHERE id = ?")) {
            for (Map.Entry<String, Integer> row : Map.of(capped, 3, below, 2).entrySet()) {
                update.setInt(1, row.getValue());
                update.setString(2, row.getKey());
                assertEquals(1, update.executeUpdate(), "check " + row.getKey() + " was kept");
            }
        }

        try (PackagedService second = PackagedService.start(ServiceRestartIT.APP, data, 1, Map.of())) {
            awaitFinished(second, capped).then().body("status", equalTo("failed")).body("attempts", equalTo(3))
                    .body("error", containsString("started 3 times without finishing"));
            awaitFinished(second, below).then().body("status", equalTo("done")).body("attempts", equalTo(3));
            String log = Files.readString(second.log);
            assertTrue(log.contains("check_id=" + capped + "} check abandoned after 3 attempts"), log);
            assertTrue(log.contains("resuming 1 check(s)"), log);
        }
    }

    private static String submitUnrelated(PackagedService service) {
        return service.as(PackagedService.MODERATOR_KEY)
                .multiPart("file", ServiceTestData.fixture().unrelated().toFile(), "video/mp4")
                .post("/api/v1/checks").then().statusCode(202).extract().path("id");
    }

    static Response awaitFinished(PackagedService service, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (true) {
            Response check = service.as(PackagedService.MODERATOR_KEY).get("/api/v1/checks/" + id);
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
}
