package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.events.TestBroker;
import org.vcd.deploy.events.UploadEvent;
import org.vcd.deploy.events.WorkerConfig;
import org.vcd.testdata.CopyFixture;

/** {@code vcd worker} as a process against a real broker: verdicts out, and a graceful stop on SIGTERM. */
class WorkerCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void workerProcessDecidesEventsAndFinishesTheOneInHandOnSigterm(@TempDir Path work) throws Exception {
        CopyFixture fixture = CopyFixture.create(work.resolve("fixture"), 3);
        Path store = work.resolve("store");
        try (TestBroker broker = TestBroker.start()) {
            WorkerConfig config = broker.config("cli");
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"),
                    "-cp", System.getProperty("java.class.path"), Vcd.class.getName(), "worker",
                    "--bootstrap-servers", broker.bootstrapServers(), "--store", store.toString(),
                    "--group", config.group(), "--uploads-topic", config.uploadsTopic(),
                    "--verdicts-topic", config.verdictsTopic(), "--dlq-topic", config.deadLetterTopic(),
                    "--instance", "cli", "--kafka", "session.timeout.ms=6000")
                    .redirectError(work.resolve("stderr.txt").toFile()).start();
            List<String> out = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                    StandardCharsets.UTF_8))) {
                broker.send(config, UploadEvent.of("e-ref", "ref-1", UploadEvent.Kind.REFERENCE,
                        fixture.reference().toString()));
                broker.send(config, UploadEvent.of("e-up", "up-1", UploadEvent.Kind.UPLOAD,
                        fixture.copy().toString()));
                broker.send(config, UploadEvent.of("e-last", "up-2", UploadEvent.Kind.UPLOAD,
                        fixture.unrelated().toString()));
                for (String line; (line = lines.readLine()) != null; ) {
                    out.add(line);
                    if (line.equals("cli-0 e-last 0@2 started")) {
                        worker.toHandle().destroy(); // SIGTERM while it checks the last upload; our pipe stays open
                    }
                }
                assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "still running after SIGTERM: " + out);
            } finally {
                worker.destroyForcibly();
            }
            assertEquals(143, worker.exitValue(), out + "\n" + Files.readString(work.resolve("stderr.txt")));
            assertTrue(out.contains("cli-0 e-ref 0@0 -> indexed"), out.toString());
            assertTrue(out.contains("cli-0 e-up 0@1 -> copied"), out.toString());
            assertTrue(out.contains("cli-0 e-last 0@2 -> clean"), "the event in hand is finished: " + out);

            Map<String, JsonNode> verdicts = new HashMap<>();
            List<ConsumerRecord<String, String>> records = broker.read(config.verdictsTopic(),
                    r -> r.size() >= 3, Duration.ofSeconds(30), Duration.ofSeconds(1));
            for (ConsumerRecord<String, String> record : records) {
                JsonNode verdict = JSON.readTree(record.value());
                verdicts.put(verdict.get("event_id").asText(), verdict);
            }
            assertEquals(3, records.size(), TestBroker.values(records).toString());
            assertEquals("copied", verdicts.get("e-up").get("status").asText());
            assertEquals("ref-1", verdicts.get("e-up").get("matches").get(0).get("reference").asText());
            assertTrue(Files.isRegularFile(work.resolve("store.events").resolve("processed-events.jsonl")),
                    "the processed-event record defaults to STORE.events beside the store");
        }
    }

    @Test
    void badOptionsAndUnusableStoresAreRefusedBeforeKafkaIsContacted(@TempDir Path work) throws Exception {
        StringWriter err = new StringWriter();
        int exit = Vcd.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "worker",
                "--bootstrap-servers", "127.0.0.1:9", "--store", work.resolve("store").toString(), "--threads", "0");
        assertEquals(Vcd.EXIT_USAGE, exit, err.toString());
        assertTrue(err.toString().startsWith("vcd: error: threads"), err.toString());

        Path notAStore = Files.writeString(work.resolve("file"), "not a folder");
        err = new StringWriter();
        exit = Vcd.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "worker",
                "--bootstrap-servers", "127.0.0.1:9", "--store", notAStore.toString());
        assertEquals(Vcd.EXIT_STORE, exit, err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());

        // The processed-event record is local: with a Milvus store it needs a folder named.
        err = new StringWriter();
        exit = Vcd.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "worker",
                "--bootstrap-servers", "127.0.0.1:9", "--store", "milvus://127.0.0.1:9/default/library");
        assertEquals(Vcd.EXIT_USAGE, exit, err.toString());
        assertTrue(err.toString().contains("--state is required"), err.toString());
    }
}
