package org.vcd.deploy.service;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Deleting checks (same application as {@link ApiTest}, default retention settings): an admin's delete removes the
 * row, the verdicts and the files; the sweep removes old finished checks only; a failed check keeps no upload.
 */
@QuarkusTest
@QuarkusTestResource(ServiceTestData.class)
class RetentionTest {

    @ConfigProperty(name = "vcd.data")
    Path data;

    @Inject
    CheckRetention retention;

    @Test
    void anAdminDeletesAFinishedCheckWithItsVerdictsAndFiles() {
        ApiTest.ensureReference();
        String id = ApiTest.checkCopy().then().statusCode(200).body("status", equalTo("done")).extract().path("id");
        ApiTest.moderator().contentType(ContentType.JSON).body(Map.of("decision", "confirmed"))
                .put("/api/v1/checks/" + id + "/verdicts/" + ApiTest.REFERENCE).then().statusCode(200);
        // A thumbnail, so the frame cache exists too.
        ApiTest.moderator().get("/api/v1/checks/" + id + "/matches/0/segments/0/frames/0/query.jpg")
                .then().statusCode(200);
        Path folder = data.resolve("checks").resolve(id);
        assertTrue(Files.isDirectory(folder.resolve("frames")), "the evidence is on disk before the delete");

        ApiTest.moderator().delete("/api/v1/checks/" + id).then().statusCode(403);
        assertTrue(Files.isDirectory(folder), "a moderator's delete changes nothing");

        ApiTest.admin().delete("/api/v1/checks/" + id).then().statusCode(204);
        assertFalse(Files.exists(folder), "the query video and evidence are gone");
        ApiTest.moderator().get("/api/v1/checks/" + id).then().statusCode(404).body("error", containsString(id));
        assertEquals(0L, verdicts(id), "the verdicts are gone");
        ApiTest.admin().delete("/api/v1/checks/" + id).then().statusCode(404);
        ApiTest.admin().delete("/api/v1/checks/" + UUID.randomUUID()).then().statusCode(404).body("error", containsString("no check"));
    }

    @Test
    void anUnfinishedCheckIsNotDeleted() {
        // Claimed by another live instance, so no worker here picks it up.
        String id = insert(CheckStatus.QUEUED, null);
        try {
            ApiTest.admin().delete("/api/v1/checks/" + id).then().statusCode(409).body("error", containsString("queued"));
            ApiTest.moderator().get("/api/v1/checks/" + id).then().statusCode(200);
            assertTrue(Files.exists(data.resolve("checks").resolve(id).resolve("query.mp4")));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> CheckJob.deleteById(id));
        }
    }

    @Test
    void theSweepDeletesOldFinishedChecksAndKeepsRecentOnes() {
        Instant now = Instant.now();
        String old = insert(CheckStatus.DONE, now.minus(Duration.ofDays(60)));
        String oldFailed = insert(CheckStatus.FAILED, now.minus(Duration.ofDays(31)));
        String recent = insert(CheckStatus.DONE, now.minus(Duration.ofDays(1)));
        try {
            assertEquals(2, retention.sweep(now.minus(Duration.ofDays(30))));
            for (String gone : new String[] {old, oldFailed}) {
                ApiTest.moderator().get("/api/v1/checks/" + gone).then().statusCode(404);
                assertFalse(Files.exists(data.resolve("checks").resolve(gone)));
            }
            ApiTest.moderator().get("/api/v1/checks/" + recent).then().statusCode(200);
            assertTrue(Files.exists(data.resolve("checks").resolve(recent).resolve("query.mp4")));
        } finally {
            retention.delete(recent);
        }
    }

    @Test
    void aFailedCheckKeepsNoUpload() throws Exception {
        Path broken = ServiceTestData.truncatedCopy("truncated-for-retention.mp4");
        String id = ApiTest.moderator().multiPart("file", broken.toFile(), "video/mp4").queryParam("wait", 60)
                .post("/api/v1/checks").then().statusCode(200).body("status", equalTo("failed")).extract().path("id");
        assertFalse(Files.exists(data.resolve("checks").resolve(id)), "the upload went as the check failed");
        ApiTest.moderator().get("/api/v1/checks/" + id + "/video").then().statusCode(404);
        ApiTest.moderator().get("/api/v1/checks/" + id).then().statusCode(200).body("status", equalTo("failed"));
    }

    /** A check row with a query file, as a submission leaves it; unfinished ones are another instance's. */
    private String insert(CheckStatus status, Instant finishedAt) {
        String id = CheckClaimTest.row(status, "another-instance", Instant.now().plus(Duration.ofDays(1)));
        if (finishedAt != null) {
            QuarkusTransaction.requiringNew().run(() -> CheckJob.update("finishedAt = ?1 where id = ?2", finishedAt, id));
        }
        try {
            Path query = data.resolve("checks").resolve(id).resolve("query.mp4");
            Files.createDirectories(query.getParent());
            Files.copy(ServiceTestData.fixture().unrelated(), query);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return id;
    }

    private static long verdicts(String checkId) {
        return QuarkusTransaction.requiringNew().call(() -> Verdict.count("checkId", checkId));
    }
}
