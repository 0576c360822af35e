package org.vcd.deploy.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.CopyDetector;
import org.vcd.testdata.CopyFixture;

/**
 * A worker process killed with SIGKILL in the middle of an event: its open work is redelivered to the worker that
 * replaces it, and every event still has exactly one outcome (one verdict, one stored reference).
 */
class WorkerCrashTest {

    @TempDir
    static Path shared;
    static TestBroker broker;
    static CopyFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
        fixture = CopyFixture.create(shared.resolve("fixture"), 11);
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void killedWorkerProcessLeavesExactlyOneOutcomePerEvent(@TempDir Path work) throws Exception {
        WorkerConfig config = broker.config("crash").withInstance("crashy", 1);
        CopyDetector detector = CopyDetector.withDefaults();
        Path storeDir = work.resolve("store");
        Path state = work.resolve("state");
        try (var store = detector.openStoreForWriting(storeDir)) {
            detector.index(store, fixture.reference(), "ref-1");
        }
        broker.send(config, UploadEvent.of("e-1", "up-1", UploadEvent.Kind.UPLOAD, fixture.copy().toString()));
        // The event the worker dies in: a 40 s reference, so it is certainly still decoding when the kill lands.
        broker.send(config, UploadEvent.of("e-2", "ref-2", UploadEvent.Kind.REFERENCE,
                fixture.reference().toString()));
        broker.send(config, UploadEvent.of("e-3", "up-3", UploadEvent.Kind.UPLOAD, fixture.copy().toString()));
        broker.send(config, UploadEvent.of("e-4", "up-4", UploadEvent.Kind.UPLOAD, fixture.unrelated().toString()));

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"),
                "-cp", System.getProperty("java.class.path"), WorkerChild.class.getName(),
                broker.bootstrapServers(), "crash", storeDir.toString(), state.toString(), "crashy")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> childLog = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                childLog.add(line);
                System.out.println(java.time.Instant.now() + " child " + line);
                if (line.contains(" e-2 ") && line.endsWith(" started")) {
                    child.toHandle().destroyForcibly(); // SIGKILL, mid-decode
                    break;
                }
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            for (String line; (line = out.readLine()) != null; ) {
                childLog.add(line);
            }
        } finally {
            child.destroyForcibly();
        }
        assertTrue(childLog.contains("crashy-0 e-1 0@0 -> copied"), childLog.toString());
        assertTrue(childLog.stream().noneMatch(line -> line.contains(" e-2 ") && line.contains(" -> ")),
                "killed before deciding e-2: " + childLog);

        // Its replacement (same instance name, so its producer fences the dead one's) picks up where it died.
        List<String> log = new CopyOnWriteArrayList<>();
        try (var store = detector.openStoreForWriting(storeDir);
             ProcessedEvents processed = ProcessedEvents.open(state);
             EventWorkers workers = EventWorkers.start(config, detector, store, processed, line -> { log.add(line); System.out.println(java.time.Instant.now() + " " + line); })) {
            Map<String, JsonNode> verdicts = EventWorkerTest.byEventId(broker.read(config.verdictsTopic(),
                    EventWorkerTest.count(4), EventWorkerTest.TIMEOUT, EventWorkerTest.SETTLE));
            assertEquals(List.of("e-1", "e-2", "e-3", "e-4"), EventWorkerTest.sorted(verdicts.keySet()));
            assertEquals("indexed", verdicts.get("e-2").get("status").asText());
            assertEquals("copied", verdicts.get("e-3").get("status").asText());
            assertEquals("clean", verdicts.get("e-4").get("status").asText());
            assertEquals(List.of("ref-1", "ref-2"), store.videoIds());
            assertTrue(log.contains("crashy-0 e-2 0@1 started"), "e-2 was redelivered: " + log);
            assertFalse(log.stream().anyMatch(line -> line.contains(" e-1 ")), "e-1 was committed: " + log);
        }
    }
}
