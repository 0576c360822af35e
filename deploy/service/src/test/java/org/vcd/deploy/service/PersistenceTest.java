package org.vcd.deploy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The schema on the database actually configured: H2 by default, PostgreSQL when the build runs the
 * postgresql-tests profile (.ci/run sets it up), which also runs {@link ApiTest} there.
 */
@QuarkusTest
@QuarkusTestResource(ServiceTestData.class)
class PersistenceTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theTestsRunOnTheDatabaseTheBuildAskedFor() throws Exception {
        String expected = System.getProperty("vcdtest.database", "H2");
        try (Connection connection = dataSource.getConnection()) {
            assertEquals(expected, connection.getMetaData().getDatabaseProductName());
        }
    }

    @Test
    void aCheckKeepsALargeResultItsTimesAndItsStatus() {
        String id = UUID.randomUUID().toString();
        String result = "{\"query\":\"q\",\"matches\":[" + "{\"reference\":\"r\",\"score\":0.5,\"segments\":[]},".repeat(8000)
                + "{\"reference\":\"r\",\"score\":0.5,\"segments\":[]}]}";
        Instant submitted = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> {
            CheckJob job = new CheckJob();
            job.id = id;
            job.status = CheckStatus.DONE;
            job.query = "query \u00e9\u4e2d";
            job.container = VideoContainer.MATROSKA.name();
            job.submittedAt = submitted;
            job.result = result;
            job.persist();
        });
        CheckJob read = Library.read(() -> CheckJob.findById(id));
        assertTrue(result.length() > 300_000);
        assertEquals(result, read.result);
        assertEquals(submitted, read.submittedAt);
        assertEquals(CheckStatus.DONE, read.status);
        assertEquals("query \u00e9\u4e2d", read.query);
        List<String> done = Library.read(() -> CheckJob.<CheckJob>find("status", CheckStatus.DONE).list()
                .stream().map(j -> j.id).toList());
        assertTrue(done.contains(id));
    }

    @Test
    void oneVerdictPerMatchIsEnforcedByTheDatabase() {
        String check = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> verdict(check, "r1", Verdict.Decision.CONFIRMED).persist());
        QuarkusTransaction.requiringNew().run(() -> verdict(check, "r2", Verdict.Decision.DISMISSED).persist());
        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> verdict(check, "r1", Verdict.Decision.DISMISSED).persistAndFlush()));
        assertEquals(2L, (long) Library.read(() -> Verdict.count("checkId", check)));
    }

    private static Verdict verdict(String check, String reference, Verdict.Decision decision) {
        Verdict v = new Verdict();
        v.checkId = check;
        v.referenceId = reference;
        v.decision = decision;
        v.decidedAt = Instant.now();
        return v;
    }
}
