package org.vcd.deploy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Adding a reference writes the store, the data folder and the database as one unit. Before each step of an add
 * (new id, and replacing an existing one), a failure is injected in-process (once: the add's own clean-up then
 * runs), and separately a stop that skips every clean-up, as a SIGKILL would, followed by the startup sweep
 * ({@link Library#recover}). Afterwards the reference is whole in its old version (before the frames were stored) or
 * its new one (after), with no staged file, no pending change and no stray file or frames.
 */
@QuarkusTest
@QuarkusTestResource(ServiceTestData.class)
class ReferenceAtomicityTest {

    /** Stands for the process dying: an Error, which the add's clean-up (for exceptions) does not catch. */
    static final class Killed extends Error {
    }

    @ConfigProperty(name = "vcd.data")
    Path data;

    @Inject
    Library library;

    @AfterEach
    void noHook() {
        library.beforeEachStep(step -> { });
    }

    @Test
    void aFailedOrInterruptedNewReferenceLeavesNoTraceOrIsWhole() throws IOException {
        for (Library.Step at : Library.Step.values()) {
            for (boolean killed : List.of(false, true)) {
                String id = "new-" + at.name().toLowerCase() + (killed ? "-killed" : "-failed");
                add(id, ServiceTestData.fixture().unrelated(), "new", at, killed);
                if (at.compareTo(Library.Step.STORE) > 0) {
                    assertWhole(id, "new", ServiceTestData.fixture().unrelated());
                    ApiTest.admin().delete("/api/v1/references/" + id).then().statusCode(204);
                } else {
                    ApiTest.moderator().get("/api/v1/references/" + id).then().statusCode(404);
                    assertTrue(library.store().metadata(id).isEmpty(), id + " has no frames");
                    assertTrue(Stream.of("mp4", "mkv").noneMatch(e -> Files.exists(data.resolve("references/" + id + "." + e))));
                }
                assertNothingPending(at, killed);
            }
        }
    }

    @Test
    void aFailedOrInterruptedReplacementKeepsTheOldReferenceUntilTheNewOneIsWhole() throws IOException {
        Path first = ServiceTestData.fixture().unrelated();
        Path second = ServiceTestData.fixture().reference();
        for (Library.Step at : Library.Step.values()) {
            for (boolean killed : List.of(false, true)) {
                String id = "replace-" + at.name().toLowerCase() + (killed ? "-killed" : "-failed");
                ApiTest.admin().multiPart("file", first.toFile(), "video/mp4").multiPart("id", id)
                        .multiPart("title", "first").post("/api/v1/references").then().statusCode(201);
                add(id, second, "second", at, killed);
                if (at.compareTo(Library.Step.STORE) > 0) {
                    assertWhole(id, "second", second);
                } else {
                    assertWhole(id, "first", first);
                }
                assertNothingPending(at, killed);
                ApiTest.admin().delete("/api/v1/references/" + id).then().statusCode(204);
            }
        }
    }

    /**
     * Adds with a failure (or a kill and the sweep) before step {@code at}. A failure after the frames are stored
     * is finished at once (201); any other gets 500.
     */
    private void add(String id, Path video, String title, Library.Step at, boolean killed) {
        java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        library.beforeEachStep(step -> {
            if (step == at && !fired.getAndSet(true)) {
                if (killed) {
                    throw new Killed();
                }
                throw new IllegalStateException("injected failure before " + step);
            }
        });
        boolean finishedAtOnce = !killed && at.compareTo(Library.Step.STORE) > 0;
        ApiTest.admin().multiPart("file", video.toFile(), "video/mp4").multiPart("id", id).multiPart("title", title)
                .post("/api/v1/references").then().statusCode(finishedAtOnce ? 201 : 500);
        library.beforeEachStep(step -> { });
        if (killed) {
            library.recover();
        }
    }

    /** The row, the file and the frames all describe {@code video}. */
    private void assertWhole(String id, String title, Path video) throws IOException {
        int frames = ApiTest.moderator().get("/api/v1/references/" + id).then().statusCode(200)
                .extract().path("frames");
        assertEquals(title, ApiTest.moderator().get("/api/v1/references/" + id).path("title"));
        assertEquals(Files.size(video), Files.size(data.resolve("references/" + id + ".mp4")), id + "'s file");
        assertEquals(frames, library.store().frames(id).orElseThrow().frameCount(), id + "'s frames");
        String version = Library.read(() -> ReferenceVideo.<ReferenceVideo>findById(id)).version;
        assertEquals(version, library.store().metadata(id).orElseThrow().get(Library.VERSION), id + "'s version");
    }

    private void assertNothingPending(Library.Step at, boolean killed) throws IOException {
        String when = (killed ? "killed" : "failed") + " before " + at;
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> ReferenceChange.count()), when);
        try (Stream<Path> staged = Files.list(data.resolve("staging"))) {
            assertEquals(List.of(), staged.toList(), when);
        }
    }
}
