package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.deploy.cli.CliRun.vcd;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.Json;
import org.vcd.testdata.CopiedSegment;
import org.vcd.testdata.CopyFixture;

/** {@code --embedder cnn} through index and check, with the committed weights; a store keeps to one embedder. */
class CnnEmbedderCommandsTest {

    @TempDir
    Path work;

    @Test
    void theLearnedEmbedderLocatesACopyAndItsStoreRefusesTheClassicOne() throws IOException {
        CopyFixture fixture = CopyFixture.create(work.resolve("fixture"), 5);
        Path store = work.resolve("store");
        CliRun indexed = vcd("index", "--store", store.toString(), "--embedder", "cnn", "--id", "reference",
                fixture.reference().toString());
        assertEquals(0, indexed.exit(), indexed.err());

        CliRun check = vcd("check", "--store", store.toString(), "--embedder", "cnn", fixture.copy().toString());
        assertEquals(0, check.exit(), check.err());
        JsonNode first = Json.MAPPER.readTree(check.out()).get("matches").get(0);
        assertEquals("reference", first.get("reference").asText(), check.out());
        CopiedSegment truth = fixture.groundTruth().get(0);
        JsonNode segment = first.get("segments").get(0);
        // The segment covers the copy; with the classic localizer thresholds it also runs into the generated filler,
        // which the learned embedder finds alike (docs/BENCHMARKS.md, learned frame embedder: false alarms).
        double covered = Math.min(truth.queryEnd(), segment.get("query_end").asDouble())
                - Math.max(truth.queryStart(), segment.get("query_start").asDouble());
        assertTrue(covered >= 0.8 * (truth.queryEnd() - truth.queryStart()), check.out());

        CliRun classic = vcd("check", "--store", store.toString(), fixture.copy().toString());
        assertEquals(3, classic.exit(), classic.err());
        assertTrue(classic.err().contains("holds cnn-"), classic.err());
    }
}
