package org.vcd.deploy.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vcd.testdata.CopyFixture;

/**
 * An accepted check survives a crash: the packaged service (one worker) accepts several checks, is killed with
 * SIGKILL while some are still queued or running, and after a real restart in a new JVM every one of them finishes.
 */
class ServiceRestartIT {

    static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    static final int CHECKS = 6;

    @Test
    void checksQueuedOrRunningAtACrashFinishAfterTheRestart() throws Exception {
        CopyFixture fixture = ServiceTestData.fixture();
        Path data = Files.createTempDirectory(ServiceTestData.TARGET, "restart-data-");
        List<String> ids = new ArrayList<>();
        List<String> unfinishedAtKill;
        try (PackagedService first = PackagedService.start(APP, data, 1, Map.of())) {
            as(first, PackagedService.ADMIN_KEY).multiPart("file", fixture.reference().toFile(), "video/mp4")
                    .multiPart("id", "reference").post("/api/v1/references").then().statusCode(201);
            // All at once: the uploads take milliseconds and a check seconds, so with one worker most are still
            // queued when they are listed, however fast this machine runs (one after another, all could finish).
            ExecutorService clients = Executors.newFixedThreadPool(CHECKS);
            try {
                CyclicBarrier together = new CyclicBarrier(CHECKS);
                List<Future<String>> accepted = new ArrayList<>();
                for (int i = 0; i < CHECKS; i++) {
                    accepted.add(clients.submit(() -> {
                        together.await();
                        return as(first, PackagedService.MODERATOR_KEY).multiPart("file", fixture.copy().toFile(),
                                "video/mp4").post("/api/v1/checks").then().statusCode(202).extract().<String>path("id");
                    }));
                }
                for (Future<String> id : accepted) {
                    ids.add(id.get(120, TimeUnit.SECONDS));
                }
            } finally {
                clients.shutdownNow();
            }
            unfinishedAtKill = as(first, PackagedService.MODERATOR_KEY).get("/api/v1/checks").then().extract()
                    .jsonPath().getList("findAll { it.status == 'queued' || it.status == 'running' }.id");
            first.kill();
        }
        assertTrue(unfinishedAtKill.size() >= 2, "the crash hit queued work: " + unfinishedAtKill);

        try (PackagedService second = PackagedService.start(APP, data, 1, Map.of())) {
            long deadline = System.nanoTime() + 240_000_000_000L;
            for (String id : ids) {
                String status;
                do {
                    status = as(second, PackagedService.MODERATOR_KEY).get("/api/v1/checks/" + id).path("status");
                    if (!"done".equals(status)) {
                        Thread.sleep(250);
                    }
                } while (!"done".equals(status) && !"failed".equals(status) && System.nanoTime() < deadline);
                as(second, PackagedService.MODERATOR_KEY).get("/api/v1/checks/" + id).then()
                        .body("status", org.hamcrest.Matchers.equalTo("done"))
                        .body("result.matches[0].reference", org.hamcrest.Matchers.equalTo("reference"));
            }
            String log = Files.readString(second.log);
            // The one worker may finish the check it was running between the listing and the kill.
            java.util.regex.Matcher resumed = java.util.regex.Pattern.compile("resuming (\\d+) check\\(s\\)").matcher(log);
            assertTrue(resumed.find(), "the restart resumed them");
            int count = Integer.parseInt(resumed.group(1));
            assertTrue(count == unfinishedAtKill.size() || count == unfinishedAtKill.size() - 1,
                    count + " resumed, " + unfinishedAtKill.size() + " unfinished at the kill");
            assertEquals(CHECKS, (int) as(second, PackagedService.MODERATOR_KEY).queryParam("status", "done")
                    .get("/api/v1/checks").then().extract().jsonPath().getList("id").size());
        }
    }

    private static RequestSpecification as(PackagedService service, String key) {
        return given().baseUri("http://127.0.0.1").port(service.port).header("X-API-Key", key);
    }
}
