package org.vcd.deploy.service;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.vcd.deploy.events.EventWorkerTest.SETTLE;
import static org.vcd.deploy.events.EventWorkerTest.TIMEOUT;
import static org.vcd.deploy.events.EventWorkerTest.assertLocated;
import static org.vcd.deploy.events.EventWorkerTest.byEventId;
import static org.vcd.deploy.events.EventWorkerTest.count;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vcd.deploy.events.TestBroker;
import org.vcd.deploy.events.UploadEvent;
import org.vcd.deploy.events.WorkerConfig;
import org.vcd.testdata.CopiedSegment;
import org.vcd.testdata.CopyFixture;

/**
 * The service in the cluster profile: PostgreSQL (postgresql-tests profile), a real Kafka broker and the loopback
 * Milvus-protocol server. Events in, verdicts out, through the workers the service runs, with the re-sent event
 * recognised through the database; an HTTP check on the same Milvus store; nothing kept in a local store folder.
 */
@QuarkusTest
@TestProfile(ClusterServices.Profile.class)
@QuarkusTestResource(value = ClusterServices.class, restrictToAnnotatedClass = true)
class ClusterModeTest {

    TestBroker broker;
    WorkerConfig topics;

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "vcd.data")
    Path data;

    @Test
    void anEventGoesInAndItsVerdictComesOutOnceWithTheStateInTheSharedServices() throws Exception {
        try (Connection c = database.getConnection()) {
            assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
        }
        CopyFixture fixture = ServiceTestData.fixture();
        CopiedSegment truth = fixture.groundTruth().get(0);
        String reference = "cluster-ref";
        broker.send(topics, UploadEvent.of("e-ref", reference, UploadEvent.Kind.REFERENCE,
                fixture.reference().toUri().toString()));
        Map<String, JsonNode> indexed = byEventId(broker.read(topics.verdictsTopic(), count(1), TIMEOUT, SETTLE));
        assertEquals("indexed", indexed.get("e-ref").get("status").asText(), indexed.toString());

        UploadEvent upload = UploadEvent.of("e-up", "upload-1", UploadEvent.Kind.UPLOAD,
                fixture.copy().toUri().toString());
        broker.send(topics, upload);
        broker.send(topics, upload); // the platform re-sent it: a second record, the same event
        Map<String, JsonNode> verdicts = byEventId(broker.read(topics.verdictsTopic(), count(2), TIMEOUT, SETTLE));
        assertEquals(2, verdicts.size(), verdicts.toString()); // byEventId fails on a second verdict for one event
        assertLocated(verdicts.get("e-up"), reference, truth);
        assertEquals(ClusterServices.INSTANCE, verdicts.get("e-up").get("worker").asText().replaceAll("-\\d+$", ""));
        assertEquals(2, processedEntries(), "one processed-event row per event, in PostgreSQL");

        // The HTTP side reads the same Milvus library and keeps its check rows claimed by this instance.
        Response check = ApiTest.checkCopy();
        check.then().statusCode(200).body("status", equalTo("done"))
                .body("result.matches.reference", hasItem(reference));
        String id = check.path("id");
        assertEquals(ClusterServices.INSTANCE, Library.read(() -> CheckJob.<CheckJob>findById(id)).owner);
        assertFalse(Files.exists(data.resolve("store")), "the frames live in Milvus, not in a local store");
        ApiTest.moderator().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'event-workers' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'event-workers' }.data.enabled", equalTo(true));
    }

    private long processedEntries() throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM vcd_processed_event WHERE consumer_group = ?")) {
            q.setString(1, topics.group());
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
