package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.deploy.cli.CliRun.vcd;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.matcher.FakeMilvusServer;
import org.vcd.testdata.CopiedSegment;
import org.vcd.testdata.CopyFixture;

/**
 * {@code index}, {@code check} and {@code audit} against a Milvus collection given as {@code --store milvus://...}.
 * The server is matcher's loopback server speaking the subset of Milvus's gRPC protocol the store uses: this proves
 * the commands drive the Milvus adapter end to end, not how a real Milvus indexes (docs/STORE.md).
 */
class MilvusCommandsTest {

    private static final double TOLERANCE = 1.5;

    @TempDir
    Path work;

    @Test
    void aLibraryInMilvusIsIndexedCheckedAndAudited() throws Exception {
        CopyFixture fixture = AuditFixture.videos();
        CopiedSegment truth = fixture.groundTruth().get(0);
        try (FakeMilvusServer server = new FakeMilvusServer()) {
            String store = "milvus://" + URI.create(server.uri()).getAuthority() + "/default/library";

            CliRun index = vcd("index", "--store", store, "--id", "reference", fixture.reference().toString());
            assertEquals(0, index.exit(), index.err());

            CliRun check = vcd("check", "--store", store, fixture.copy().toString());
            assertEquals(0, check.exit(), check.err());
            assertCopyLocated(AuditFixture.JSON.readTree(check.out()), truth);

            Path out = work.resolve("out");
            CliRun audit = vcd("audit", "--store", store, "--out", out.toString(),
                    fixture.copy().toString(), fixture.unrelated().toString());
            assertEquals(0, audit.exit(), audit.err());
            List<JsonNode> results = AuditFixture.results(out);
            assertEquals(2, results.size(), results.toString());
            for (JsonNode result : results) {
                assertTrue(result.get("error").isNull(), result.toString());
                if (result.get("query").asText().endsWith("copy.mp4")) {
                    assertCopyLocated(result, truth);
                } else {
                    assertEquals(0, result.get("matches").size(), result.toString());
                }
            }

            // A rerun against the same collection finds the audit finished; against another it is refused.
            assertEquals(0, vcd("audit", "--store", store, "--out", out.toString(), fixture.copy().toString()).exit());
            CliRun other = vcd("audit", "--store", store.replace("/library", "/other"), "--out",
                    out.toString(), fixture.copy().toString());
            assertTrue(other.exit() != 0, other.err());
        }
    }

    private static void assertCopyLocated(JsonNode result, CopiedSegment truth) {
        JsonNode match = result.get("matches").get(0);
        assertEquals("reference", match.get("reference").asText(), result.toString());
        JsonNode segment = match.get("segments").get(0);
        assertEquals(truth.queryStart(), segment.get("query_start").asDouble(), TOLERANCE, result.toString());
        assertEquals(truth.queryEnd(), segment.get("query_end").asDouble(), TOLERANCE, result.toString());
        assertEquals(truth.referenceStart(), segment.get("reference_start").asDouble(), TOLERANCE, result.toString());
        assertEquals(truth.referenceEnd(), segment.get("reference_end").asDouble(), TOLERANCE, result.toString());
    }
}
