package org.vcd.deploy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vcd.testdata.CopyFixture;

/**
 * A reference add killed at each of its steps, in the packaged service: the process halts just before the step (no
 * shutdown hook, no clean-up, as SIGKILL leaves it) and is started again. An add interrupted before its frames were
 * stored is undone, one interrupted after is finished; either way the library holds the old reference whole or the
 * new one whole, its one file, and nothing staged.
 */
class ReferenceCrashIT {

    // Dynamic tests, not a parameterized one: the Kafka test kit's JUnit extension claims every test template.
    @TestFactory
    Stream<DynamicTest> anAddKilledAtEachStepLeavesAWholeReference() {
        return Stream.of(Library.Step.values()).map(step -> DynamicTest.dynamicTest("killed before " + step,
                () -> killedAt(step)));
    }

    private static void killedAt(Library.Step step) throws Exception {
        CopyFixture fixture = ServiceTestData.fixture();
        boolean finished = step == Library.Step.FILE || step == Library.Step.ROW;

        // A new id: nothing before, the reference after.
        Path fresh = Files.createTempDirectory(ServiceTestData.TARGET, "crash-new-");
        killedDuringAdd(fresh, step, fixture.reference());
        try (PackagedService service = PackagedService.start(ServiceRestartIT.APP, fresh, 1, Map.of())) {
            Response reference = service.as(PackagedService.ADMIN_KEY).get("/api/v1/references/ref");
            assertEquals(finished ? 200 : 404, reference.statusCode(), reference.asString());
            assertEquals(finished, copyMatches(service, fixture), "frames stored only with the reference");
        }
        assertFiles(fresh, finished ? 1 : 0);

        // A replacement: the first video before, the second after; never a mix.
        Path replaced = Files.createTempDirectory(ServiceTestData.TARGET, "crash-replace-");
        try (PackagedService service = PackagedService.start(ServiceRestartIT.APP, replaced, 1, Map.of())) {
            service.addReference("ref", fixture.reference());
        }
        killedDuringAdd(replaced, step, fixture.unrelated());
        try (PackagedService service = PackagedService.start(ServiceRestartIT.APP, replaced, 1, Map.of())) {
            Response reference = service.as(PackagedService.ADMIN_KEY).get("/api/v1/references/ref");
            assertEquals(200, reference.statusCode(), reference.asString());
            String origin = reference.path("origin");
            assertEquals(finished ? fixture.unrelated().getFileName().toString()
                    : fixture.reference().getFileName().toString(), origin);
            assertEquals(!finished, copyMatches(service, fixture), "the stored frames are the row's video's");
            assertEquals(200, service.as(PackagedService.ADMIN_KEY).get("/api/v1/references/ref/video")
                    .statusCode(), "the row's video is there");
        }
        assertFiles(replaced, 1);
    }

    /** Starts the service set to halt before {@code step}, posts {@code video} as "ref" and waits for the halt. */
    private static void killedDuringAdd(Path data, Library.Step step, Path video) throws Exception {
        try (PackagedService service = PackagedService.start(ServiceRestartIT.APP, data, 1,
                Map.of("VCD_CRASH_TEST_HALT_BEFORE", step.name()))) {
            try {
                service.as(PackagedService.ADMIN_KEY).multiPart("file", video.toFile(), "video/mp4")
                        .multiPart("id", "ref").post("/api/v1/references");
            } catch (Exception connectionLost) { // rest-assured rethrows the lost connection unchecked or not
                // The process halted mid-request: the point of the test.
            }
            assertTrue(service.awaitExit(60), "the service halted before " + step);
        }
    }

    private static boolean copyMatches(PackagedService service, CopyFixture fixture) {
        List<String> references = service.as(PackagedService.MODERATOR_KEY)
                .multiPart("file", fixture.copy().toFile(), "video/mp4").queryParam("wait", "60")
                .post("/api/v1/checks").then().statusCode(200).extract().path("result.matches.reference");
        return references.contains("ref");
    }

    /** The references folder holds {@code expected} files and nothing waits in staging. */
    private static void assertFiles(Path data, int expected) throws IOException {
        assertEquals(expected, count(data.resolve("references")), "files under references/");
        assertEquals(0, count(data.resolve("staging")), "files under staging/");
    }

    private static long count(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
