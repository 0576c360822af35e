package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vcd.deploy.cli.audit.AuditOutputs;
import org.vcd.testdata.CopyFixture;

/** Generated videos and a store holding the reference, shared by the audit tests; the videos are reused between runs. */
final class AuditFixture {

    static final ObjectMapper JSON = new ObjectMapper();

    private AuditFixture() {
    }

    /** The copy fixture under target/, generated once and reused by later test runs. */
    static CopyFixture videos() throws IOException {
        return CopyFixture.create(Path.of("target", "fixtures", "audit-copy-5").toAbsolutePath(), 5);
    }

    /** A store at {@code store} holding {@code reference} under the id "reference". */
    static Path store(Path store, Path reference) {
        CliRun index = CliRun.vcd("index", "--store", store.toString(), "--id", "reference", reference.toString());
        assertEquals(0, index.exit(), index.err());
        return store;
    }

    static List<JsonNode> results(Path out) throws IOException {
        return lines(out.resolve(AuditOutputs.RESULTS_JSONL));
    }

    static List<JsonNode> lines(Path jsonl) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    /** The command line of a new JVM running vcd with this test's class path. */
    static List<String> javaVcd(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"),
                "-cp", System.getProperty("java.class.path"), Vcd.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
