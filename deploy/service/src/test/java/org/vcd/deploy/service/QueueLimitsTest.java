package org.vcd.deploy.service;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The queue's bounds, with a queue of one check, one worker and no synchronous waiting allowed: a submission while
 * a check is unfinished gets 503 and leaves nothing behind; {@code ?wait=} is capped by vcd.max-wait.
 */
@QuarkusTest
@TestProfile(QueueLimitsTest.TinyQueue.class)
@QuarkusTestResource(ServiceTestData.class)
class QueueLimitsTest {

    public static class TinyQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vcd.max-queued", "1", "vcd.workers", "1", "vcd.max-wait", "0s");
        }
    }

    @ConfigProperty(name = "vcd.data")
    Path data;

    @Test
    void waitingIsCappedByMaxWait() throws InterruptedException {
        // Uncapped, wait=120 would hold the request until the check is done and answer 200.
        Response answer = submit(120);
        answer.then().statusCode(202).body("status", oneOf("queued", "running"));
        ApiTest.awaitFinished(answer.path("id")).then().body("status", equalTo("done"));
    }

    @Test
    void aSubmissionWhileTheQueueIsFullGets503AndNothingIsKept() throws Exception {
        // The second submission follows the first at once, while the first is still being checked. Should the
        // first have finished in between (it takes seconds, the upload milliseconds), the pair is tried again.
        Response refused = null;
        for (int attempt = 0; attempt < 5 && refused == null; attempt++) {
            String first = submit(0).then().statusCode(202).extract().path("id");
            long folders = count(data.resolve("checks"));
            Response second = submit(0);
            if (second.statusCode() == 503) {
                refused = second;
                assertEquals(folders, count(data.resolve("checks")), "the refused video is not kept");
                assertEquals(0, count(data.resolve("incoming")), "nor left in incoming/");
            } else {
                ApiTest.awaitFinished(second.path("id"));
            }
            ApiTest.awaitFinished(first).then().body("status", equalTo("done"));
        }
        assertTrue(refused != null, "a full queue refused a submission");
        refused.then().body("error", containsString("queue is full"));
        // With the queue empty again, submissions are accepted.
        String after = submit(0).then().statusCode(202).extract().path("id");
        ApiTest.awaitFinished(after).then().body("status", equalTo("done"));
    }

    @Test
    void concurrentSubmissionsNeverOverfillTheQueue() throws Exception {
        // Ten at once while nothing is queued: exactly max-queued (1) of them is accepted (a check takes seconds,
        // the ten uploads milliseconds, so none finishes in between).
        int clients = 10;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(clients);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return submit(0);
                }));
            }
            List<String> accepted = new java.util.ArrayList<>();
            int refused = 0;
            for (var answer : answers) {
                Response r = answer.get();
                if (r.statusCode() == 202) {
                    accepted.add(r.path("id"));
                } else {
                    r.then().statusCode(503).body("error", containsString("queue is full"));
                    refused++;
                }
            }
            assertEquals(1, accepted.size(), "accepted " + accepted);
            assertEquals(clients - 1, refused);
            for (String id : accepted) {
                ApiTest.awaitFinished(id).then().body("status", equalTo("done"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Response submit(int waitSeconds) {
        return ApiTest.moderator().multiPart("file", ServiceTestData.fixture().copy().toFile(), "video/mp4")
                .queryParam("wait", waitSeconds).post("/api/v1/checks");
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
