package org.vcd.deploy.service;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * API paths beyond {@link ApiTest}'s walk through every endpoint, in the same application: replacing a reference,
 * verdicts on checks without a result, thumbnails of a reference taken down, and what readiness checks. References
 * added here are removed again, so the other tests keep seeing one copy of the fixture's reference.
 */
@QuarkusTest
@QuarkusTestResource(ServiceTestData.class)
class ApiPathsTest {

    @Test
    void reAddingAnIdReplacesTheReferenceItsFramesAndItsRecord() {
        File unrelated = ServiceTestData.fixture().unrelated().toFile();
        try {
            addReference("replaced", unrelated, "first version");
            long total = ApiTest.moderator().get("/api/v1/references").<Integer>path("total");
            check(unrelated).then().body("result.matches.reference", hasItem("replaced"));

            addReference("replaced", ServiceTestData.fixture().reference().toFile(), "second version")
                    .then().body("frames", equalTo(40));
            ApiTest.moderator().get("/api/v1/references/replaced").then().statusCode(200)
                    .body("title", equalTo("second version")).body("frames", equalTo(40));
            ApiTest.moderator().get("/api/v1/references").then().body("total", equalTo((int) total));
            // The first version's frames left the store with it; the second version's are there.
            check(unrelated).then().body("result.matches.reference", not(hasItem("replaced")));
            check(ServiceTestData.fixture().copy().toFile()).then().body("result.matches.reference", hasItem("replaced"));
        } finally {
            ApiTest.admin().delete("/api/v1/references/replaced");
        }
    }

    @Test
    void aVerdictOnACheckWithoutAResultGets409() throws Exception {
        // A queued check: the row as a submission writes it, never handed to a worker in this run.
        String queued = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            CheckJob row = new CheckJob();
            row.id = queued;
            row.status = CheckStatus.QUEUED;
            row.query = "queued.mp4";
            row.container = VideoContainer.MP4.name();
            row.submittedAt = Instant.now();
            row.persist();
        });
        try {
            verdict(queued).then().statusCode(409).body("error", containsString("queued"));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> CheckJob.deleteById(queued));
        }
        // A failed check: a file that looks like an MP4 but does not decode.
        Path broken = ServiceTestData.truncatedCopy("truncated-for-verdict.mp4");
        String failed = check(broken.toFile()).then().body("status", equalTo("failed")).extract().path("id");
        verdict(failed).then().statusCode(409).body("error", containsString("failed"));
    }

    @Test
    void aTakenDownReferencesThumbnailsGet410WhileTheQuerysStay() {
        try {
            addReference("withdrawn", ServiceTestData.fixture().reference().toFile(), "to be taken down");
            Response check = check(ServiceTestData.fixture().copy().toFile());
            int m = check.<List<String>>path("result.matches.reference").indexOf("withdrawn");
            assertTrue(m >= 0, "the copy matches the reference");
            String frame = check.path("evidence[" + m + "].segments[0].frames[0].reference");
            ApiTest.admin().delete("/api/v1/references/withdrawn").then().statusCode(204);

            ApiTest.moderator().get(frame).then().statusCode(410).body("error", containsString("taken down"));
            ApiTest.moderator().get(frame.replace("reference.jpg", "query.jpg")).then().statusCode(200)
                    .contentType("image/jpeg");
            ApiTest.moderator().get("/api/v1/checks/" + check.path("id")).then().statusCode(200)
                    .body("references.withdrawn", nullValue())
                    .body("result.matches[" + m + "].reference", equalTo("withdrawn"));
        } finally {
            ApiTest.admin().delete("/api/v1/references/withdrawn");
        }
    }

    @Test
    void readinessChecksTheStoreAndTheDatabase() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("frame-store", DatabaseReadinessTest.DATASOURCE_CHECK));
    }

    private static Response addReference(String id, File video, String title) {
        Response added = ApiTest.admin().multiPart("file", video, "video/mp4").multiPart("id", id)
                .multiPart("title", title).post("/api/v1/references");
        added.then().statusCode(201).body("id", equalTo(id));
        return added;
    }

    private static Response check(File video) {
        Response check = ApiTest.moderator().multiPart("file", video, "video/mp4").queryParam("wait", 120)
                .post("/api/v1/checks");
        check.then().statusCode(200);
        return check;
    }

    private static Response verdict(String checkId) {
        return ApiTest.moderator().contentType(ContentType.JSON).body(Map.of("decision", "confirmed"))
                .put("/api/v1/checks/" + checkId + "/verdicts/" + ApiTest.REFERENCE);
    }
}
