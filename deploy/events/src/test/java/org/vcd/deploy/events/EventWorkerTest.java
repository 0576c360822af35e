package org.vcd.deploy.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;
import org.vcd.matcher.FakeMilvusServer;
import org.vcd.matcher.FrameStore;
import org.vcd.testdata.CopiedSegment;
import org.vcd.testdata.CopyFixture;

/** Workers against a real Kafka broker, on generated videos: outcomes, poison events, duplicates, crashes, scaling. */
public class EventWorkerTest {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration TIMEOUT = Duration.ofSeconds(90);
    public static final Duration SETTLE = Duration.ofSeconds(2);
    private static final double TOLERANCE = 1.5;

    @TempDir
    static Path shared;
    static TestBroker broker;
    static CopyFixture fixture;
    static final PipelineModels MODELS = new PipelineModels();
    static final CopyDetector DETECTOR = CopyDetector.withDefaults(MODELS);

    @TempDir
    Path work;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
        fixture = CopyFixture.create(shared.resolve("fixture"), 11);
    }

    @AfterAll
    static void stop() throws Exception {
        MODELS.close();
        if (broker != null) {
            broker.close();
        }
    }

    EventWorkers start(WorkerConfig config, FrameStore store, ProcessedEvents processed) {
        return EventWorkers.start(config, DETECTOR, store, processed, line -> {
            log.add(line);
            System.out.println(line);
        });
    }

    public static Map<String, JsonNode> byEventId(List<ConsumerRecord<String, String>> records) throws IOException {
        Map<String, JsonNode> verdicts = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode verdict = JSON.readTree(record.value());
            JsonNode earlier = verdicts.put(verdict.get("event_id").asText(), verdict);
            assertNull(earlier, "two verdicts for one event: " + earlier + " and " + verdict);
            assertEquals(verdict.get("video_id").asText(), record.key(), "a verdict is keyed by its video id");
        }
        return verdicts;
    }

    public static Predicate<List<ConsumerRecord<String, String>>> count(int n) {
        return records -> records.size() >= n;
    }

    public static void assertLocated(JsonNode verdict, String reference, CopiedSegment truth) {
        assertEquals("copied", verdict.get("status").asText(), verdict.toString());
        JsonNode best = verdict.get("matches").get(0);
        assertEquals(reference, best.get("reference").asText(), verdict.toString());
        assertFalse(best.has("matrix"), "the similarity matrix is evidence, not part of the JSON");
        JsonNode segment = best.get("segments").get(0);
        assertEquals(truth.queryStart(), segment.get("query_start").asDouble(), TOLERANCE, verdict.toString());
        assertEquals(truth.queryEnd(), segment.get("query_end").asDouble(), TOLERANCE, verdict.toString());
        assertEquals(truth.referenceStart(), segment.get("reference_start").asDouble(), TOLERANCE, verdict.toString());
        assertEquals(truth.referenceEnd(), segment.get("reference_end").asDouble(), TOLERANCE, verdict.toString());
        assertEquals("decoded", segment.get("query_view").asText(), "the plain copy is found in the whole frame");
    }

    @Test
    void referencesThenUploadsGiveVerdictsWithSegments() throws Exception {
        WorkerConfig config = broker.config("happy", 2).withInstance("happy", 2);
        try (var store = DETECTOR.openStoreForWriting(work.resolve("store"));
             ProcessedEvents processed = ProcessedEvents.open(work.resolve("state"));
             EventWorkers workers = start(config, store, processed)) {
            broker.send(config, new UploadEvent(1, "e-ref", "ref-1", UploadEvent.Kind.REFERENCE,
                    fixture.reference().toUri().toString(), "acme", "studio-9", "2026-11-22T08:00:00Z"));
            broker.read(config.verdictsTopic(), count(1), TIMEOUT, Duration.ZERO);
            broker.send(config, new UploadEvent(1, "e-copy", "up-1", UploadEvent.Kind.UPLOAD,
                    fixture.copy().toString(), "acme", "user-7", null));
            broker.send(config, UploadEvent.of("e-clean", "up-2", UploadEvent.Kind.UPLOAD,
                    fixture.unrelated().toString()));

            Map<String, JsonNode> verdicts = byEventId(broker.read(config.verdictsTopic(), count(3), TIMEOUT,
                    SETTLE));
            assertEquals(3, verdicts.size(), verdicts.toString());

            JsonNode indexed = verdicts.get("e-ref");
            assertEquals("indexed", indexed.get("status").asText());
            assertEquals("reference", indexed.get("kind").asText());
            assertEquals(40, indexed.get("frames").asInt());
            assertEquals("acme", indexed.get("tenant").asText());
            assertEquals("studio-9", indexed.get("owner").asText());
            assertEquals(List.of("ref-1"), store.videoIds());
            assertEquals(fixture.reference().toAbsolutePath().toString(),
                    store.metadata("ref-1").orElseThrow().get(CopyDetector.SOURCE));

            JsonNode copied = verdicts.get("e-copy");
            assertEquals("up-1", copied.get("video_id").asText());
            assertEquals("user-7", copied.get("owner").asText());
            assertLocated(copied, "ref-1", fixture.groundTruth().get(0));
            assertTrue(copied.get("worker").asText().startsWith("happy-"), copied.toString());

            JsonNode clean = verdicts.get("e-clean");
            assertEquals("clean", clean.get("status").asText());
            assertEquals(0, clean.get("matches").size());
            assertFalse(clean.has("error"));
            assertTrue(broker.read(config.deadLetterTopic(), r -> true, TIMEOUT, Duration.ZERO).isEmpty());
        }
    }

    /** The same flow on a Milvus collection (matcher's loopback Milvus-protocol server; see docs/STORE.md). */
    @Test
    void aMilvusStoreGivesTheSameVerdicts() throws Exception {
        WorkerConfig config = broker.config("milvus");
        try (FakeMilvusServer milvus = new FakeMilvusServer();
             var store = DETECTOR.openStoreForWriting(
                     "milvus://" + java.net.URI.create(milvus.uri()).getAuthority() + "/default/library");
             ProcessedEvents processed = ProcessedEvents.open(work.resolve("milvus-state"));
             EventWorkers workers = start(config, store, processed)) {
            broker.send(config, UploadEvent.of("m-ref", "ref-m", UploadEvent.Kind.REFERENCE,
                    fixture.reference().toString()));
            broker.read(config.verdictsTopic(), count(1), TIMEOUT, Duration.ZERO);
            broker.send(config, UploadEvent.of("m-copy", "up-m", UploadEvent.Kind.UPLOAD, fixture.copy().toString()));
            Map<String, JsonNode> verdicts = byEventId(broker.read(config.verdictsTopic(), count(2), TIMEOUT,
                    Duration.ZERO));
            assertEquals("indexed", verdicts.get("m-ref").get("status").asText(), verdicts.toString());
            assertEquals(List.of("ref-m"), store.videoIds());
            assertLocated(verdicts.get("m-copy"), "ref-m", fixture.groundTruth().get(0));
        }
    }

    @Test
    void poisonEventsGoToTheDeadLetterTopicAndLaterEventsStillRun() throws Exception {
        WorkerConfig config = broker.config("poison");
        Path corrupt = work.resolve("corrupt.mp4");
        Files.writeString(corrupt, "this is not a video, whatever its name says");
        String uploads = config.uploadsTopic();
        broker.send(uploads, "v-json", "{\"schema\": 1, \"event_id\": ");
        broker.send(uploads, "v-kind", "{\"schema\":1,\"event_id\":\"e-kind\",\"video_id\":\"v-kind\","
                + "\"kind\":\"remix\",\"uri\":\"" + fixture.copy() + "\"}");
        broker.send(config, UploadEvent.of("e-corrupt", "v-corrupt", UploadEvent.Kind.UPLOAD, corrupt.toString()));
        broker.send(uploads, "v-schema", "{\"schema\":2,\"event_id\":\"e-schema\",\"video_id\":\"v-schema\","
                + "\"kind\":\"upload\",\"uri\":\"" + fixture.copy() + "\"}");
        broker.send(config, UploadEvent.of("e-ftp", "v-ftp", UploadEvent.Kind.REFERENCE, "ftp://example/x.mp4"));
        broker.send(config, UploadEvent.of("e-missing", "v-missing", UploadEvent.Kind.REFERENCE,
                work.resolve("no-such-file.mp4").toString()));
        broker.send(config, UploadEvent.of("e-good", "ref-good", UploadEvent.Kind.REFERENCE,
                fixture.unrelated().toString()));

        try (var store = DETECTOR.openStoreForWriting(work.resolve("store"));
             ProcessedEvents processed = ProcessedEvents.open(work.resolve("state"));
             EventWorkers workers = start(config, store, processed)) {
            Map<String, JsonNode> verdicts = byEventId(broker.read(config.verdictsTopic(), count(6), TIMEOUT,
                    SETTLE));
            List<ConsumerRecord<String, String>> dead = broker.read(config.deadLetterTopic(), count(6), TIMEOUT,
                    Duration.ZERO);

            Map<String, JsonNode> letters = new HashMap<>();
            for (ConsumerRecord<String, String> record : dead) {
                letters.put(record.key(), JSON.readTree(record.value()));
            }
            assertEquals("bad_json", letters.get("v-json").get("reason").asText());
            assertEquals("{\"schema\": 1, \"event_id\": ", letters.get("v-json").get("payload").asText());
            assertEquals("unknown_kind", letters.get("v-kind").get("reason").asText());
            assertEquals("video_refused", letters.get("v-corrupt").get("reason").asText());
            assertEquals("not_a_video", letters.get("v-corrupt").get("detail").asText());
            assertEquals("unsupported_schema", letters.get("v-schema").get("reason").asText());
            assertEquals("unsupported_uri", letters.get("v-ftp").get("reason").asText());
            assertEquals("video_refused", letters.get("v-missing").get("reason").asText());
            assertEquals("missing", letters.get("v-missing").get("detail").asText());
            for (JsonNode letter : letters.values()) {
                assertEquals(uploads, letter.get("topic").asText());
                assertFalse(letter.get("message").asText().isBlank(), letter.toString());
            }
            assertEquals(6, dead.size(), TestBroker.values(dead).toString());

            // Every event whose id was readable has an error verdict; the unreadable one has none.
            for (String id : List.of("e-kind", "e-corrupt", "e-schema", "e-ftp", "e-missing")) {
                JsonNode verdict = verdicts.get(id);
                assertEquals("rejected", verdict.get("status").asText(), id);
                assertFalse(verdict.get("error").get("message").asText().isBlank(), id);
            }
            assertEquals("remix", verdicts.get("e-kind").get("kind").asText());
            assertEquals("indexed", verdicts.get("e-good").get("status").asText());
            assertEquals(6, verdicts.size(), verdicts.keySet().toString());
            assertEquals(List.of("ref-good"), store.videoIds());
        }
    }

    @Test
    void theSameEventTwiceHasOneOutcomeEvenAcrossRestarts() throws Exception {
        WorkerConfig config = broker.config("twice");
        UploadEvent reference = UploadEvent.of("e-ref", "ref-1", UploadEvent.Kind.REFERENCE,
                fixture.reference().toString());
        UploadEvent upload = UploadEvent.of("e-up", "up-1", UploadEvent.Kind.UPLOAD, fixture.copy().toString());
        broker.send(config, reference);
        broker.send(config, reference);
        broker.send(config, upload);
        broker.send(config, upload);
        Path storeDir = work.resolve("store");
        Path state = work.resolve("state");
        try (var store = DETECTOR.openStoreForWriting(storeDir);
             ProcessedEvents processed = ProcessedEvents.open(state);
             EventWorkers workers = start(config, store, processed)) {
            Map<String, JsonNode> verdicts = byEventId(broker.read(config.verdictsTopic(), count(2), TIMEOUT,
                    SETTLE));
            assertEquals(2, verdicts.size());
            assertLocated(verdicts.get("e-up"), "ref-1", fixture.groundTruth().get(0));
            assertEquals(2, log.stream().filter(line -> line.contains("duplicate")).count(), log.toString());
        }
        // A new worker process (the record reloaded from disk) still knows both events.
        broker.send(config, upload);
        broker.send(config, UploadEvent.of("e-after", "up-2", UploadEvent.Kind.UPLOAD, fixture.copy().toString()));
        try (var store = DETECTOR.openStoreForWriting(storeDir);
             ProcessedEvents processed = ProcessedEvents.open(state);
             EventWorkers workers = start(config, store, processed)) {
            Map<String, JsonNode> verdicts = byEventId(broker.read(config.verdictsTopic(), count(3), TIMEOUT,
                    SETTLE));
            assertEquals(List.of("e-after", "e-ref", "e-up"), sorted(verdicts.keySet()));
            assertEquals(List.of("ref-1"), store.videoIds());
            assertEquals(3, log.stream().filter(line -> line.contains("duplicate")).count(), log.toString());
        }
    }

    @Test
    void twoWorkersSplitPartitionsAndOneTakesOverWhenTheOtherStops() throws Exception {
        int partitions = 4;
        WorkerConfig config = broker.config("pair", partitions);
        try (var store = DETECTOR.openStoreForWriting(work.resolve("store"));
             ProcessedEvents processed = ProcessedEvents.open(work.resolve("state"))) {
            DETECTOR.index(store, fixture.reference(), "ref-1");
            EventWorkers first = start(config.withInstance("first", 1), store, processed);
            try (EventWorkers second = start(config.withInstance("second", 1), store, processed)) {
                awaitLog(line -> line.startsWith("first-0 assigned") && line.split(",").length < partitions);
                awaitLog(line -> line.startsWith("second-0 assigned"));
                int events = 12;
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < events; i++) {
                    Path video = i % 2 == 0 ? fixture.copy() : fixture.unrelated();
                    UploadEvent event = UploadEvent.of("e-" + i, "up-" + i, UploadEvent.Kind.UPLOAD, video.toString());
                    broker.send(config.uploadsTopic(), i % partitions, event.videoId(), event.toJson());
                    ids.add(event.eventId());
                }
                awaitLog(line -> line.startsWith("first-0 ") && line.contains(" -> "));
                awaitLog(line -> line.startsWith("second-0 ") && line.contains(" -> "));
                first.close(); // graceful: its event in hand is committed, the rest handed back to the group

                Map<String, JsonNode> verdicts = byEventId(broker.read(config.verdictsTopic(), count(events),
                        TIMEOUT, SETTLE));
                assertEquals(sorted(ids), sorted(verdicts.keySet()));
                for (int i = 0; i < events; i++) {
                    assertEquals(i % 2 == 0 ? "copied" : "clean", verdicts.get("e-" + i).get("status").asText());
                }
                List<String> deciders = verdicts.values().stream().map(v -> v.get("worker").asText()).distinct()
                        .sorted().toList();
                assertEquals(List.of("first-0", "second-0"), deciders);
                assertTrue(log.stream().anyMatch(line -> line.startsWith("second-0 assigned")
                        && line.split(",").length == partitions), "the second worker took over every partition");
            } finally {
                first.close();
            }
        }
    }

    @Test
    void downloadsAreRetriedWhileTheServerFailsAndRejectedWhenItNeverWill() throws Exception {
        WorkerConfig config = broker.config("http");
        AtomicInteger unavailable = new AtomicInteger(2);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            boolean serve = path.equals("/flaky.mp4") && unavailable.getAndDecrement() <= 0;
            if (serve) {
                byte[] body = Files.readAllBytes(fixture.unrelated());
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.sendResponseHeaders(path.equals("/gone.mp4") ? 404 : 503, -1);
            }
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (var store = DETECTOR.openStoreForWriting(work.resolve("store"));
             ProcessedEvents processed = ProcessedEvents.open(work.resolve("state"));
             EventWorkers workers = start(config, store, processed)) {
            broker.send(config, UploadEvent.of("e-flaky", "ref-flaky", UploadEvent.Kind.REFERENCE,
                    base + "/flaky.mp4"));
            broker.send(config, UploadEvent.of("e-gone", "ref-gone", UploadEvent.Kind.REFERENCE, base + "/gone.mp4"));
            broker.send(config, UploadEvent.of("e-down", "up-down", UploadEvent.Kind.UPLOAD, base + "/down.mp4"));

            Map<String, JsonNode> verdicts = byEventId(broker.read(config.verdictsTopic(), count(3), TIMEOUT,
                    SETTLE));
            assertEquals("indexed", verdicts.get("e-flaky").get("status").asText());
            assertEquals(base + "/flaky.mp4", store.metadata("ref-flaky").orElseThrow().get(CopyDetector.SOURCE));
            assertEquals(List.of("ref-flaky"), store.videoIds());
            assertTrue(log.stream().anyMatch(line -> line.contains(" e-flaky ")
                    && line.contains("failed (attempt 2)") && line.contains("HTTP 503")), log.toString());
            for (String id : List.of("e-gone", "e-down")) {
                JsonNode error = verdicts.get(id).get("error");
                assertEquals("download_failed", error.get("reason").asText(), verdicts.get(id).toString());
            }
            assertTrue(verdicts.get("e-gone").get("error").get("message").asText().contains("HTTP 404"));
            assertTrue(verdicts.get("e-down").get("error").get("message").asText().contains("gave up after 3"));
            List<ConsumerRecord<String, String>> dead = broker.read(config.deadLetterTopic(), count(2), TIMEOUT,
                    Duration.ZERO);
            assertEquals(2, dead.size());
        } finally {
            server.stop(0);
        }
    }

    /**
     * A worker process killed with SIGKILL in the middle of an event: its open work is redelivered to the worker that
     * replaces it, and every event still has exactly one outcome (one verdict, one stored reference).
     */
    @Test
    void killedWorkerProcessLeavesExactlyOneOutcomePerEvent() throws Exception {
        WorkerConfig config = broker.config("crash").withInstance("crashy", 1);
        Path storeDir = work.resolve("store");
        Path state = work.resolve("state");
        try (var store = DETECTOR.openStoreForWriting(storeDir)) {
            DETECTOR.index(store, fixture.reference(), "ref-1");
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
                System.out.println("child " + line);
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
        try (var store = DETECTOR.openStoreForWriting(storeDir);
             ProcessedEvents processed = ProcessedEvents.open(state);
             EventWorkers workers = start(config, store, processed)) {
            Map<String, JsonNode> verdicts = byEventId(broker.read(config.verdictsTopic(), count(4), TIMEOUT,
                    SETTLE));
            assertEquals(List.of("e-1", "e-2", "e-3", "e-4"), sorted(verdicts.keySet()));
            assertEquals("indexed", verdicts.get("e-2").get("status").asText());
            assertEquals("copied", verdicts.get("e-3").get("status").asText());
            assertEquals("clean", verdicts.get("e-4").get("status").asText());
            assertEquals(List.of("ref-1", "ref-2"), store.videoIds());
            assertTrue(log.contains("crashy-0 e-2 0@1 started"), "e-2 was redelivered: " + log);
            assertFalse(log.stream().anyMatch(line -> line.contains(" e-1 ")), "e-1 was committed: " + log);
        }
    }

    void awaitLog(Predicate<String> line) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (log.stream().noneMatch(line)) {
            assertTrue(System.nanoTime() < deadline, "no such log line in " + log);
            Thread.sleep(50);
        }
    }

    static List<String> sorted(Collection<String> values) {
        List<String> list = new ArrayList<>(values);
        Collections.sort(list);
        return list;
    }
}
