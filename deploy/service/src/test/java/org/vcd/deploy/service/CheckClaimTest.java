package org.vcd.deploy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two service instances sharing the database: a check is claimed by one of them at a time. Claims run in concurrent
 * transactions, as two processes would; the clock is the test's (an hour ahead, so the running application's own
 * takeover round never touches these rows). Runs on H2 and on PostgreSQL (postgresql-tests profile).
 */
@QuarkusTest
@QuarkusTestResource(ServiceTestData.class)
class CheckClaimTest {

    private static final Duration BLOCKED = Duration.ofSeconds(10);

    @Inject
    CheckClaims claims;

    @Test
    void aCheckIsClaimedByOneInstanceAtATimeAndTakenOverOnlyAfterItsLeaseRanOut() throws Exception {
        Instant now = Instant.now().plus(1, ChronoUnit.HOURS);
        Set<String> expired = Set.of(row(CheckStatus.QUEUED, "gone", now.minusSeconds(5)),
                row(CheckStatus.RUNNING, "gone", now.minusSeconds(1)));
        String held = row(CheckStatus.QUEUED, "alive", now.plusSeconds(30));
        String finished = row(CheckStatus.DONE, "gone", now.minusSeconds(5));

        CountDownLatch claimedByA = new CountDownLatch(1);
        CountDownLatch bLooked = new CountDownLatch(1);
        CompletableFuture<Set<String>> a = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew()
                .call(() -> {
                    Set<String> mine = ids(claims.claim("instance-a", now, false));
                    claimedByA.countDown();
                    bLooked.await(BLOCKED.toSeconds() * 2, TimeUnit.SECONDS); // A's transaction holds the rows
                    return mine;
                }));
        assertTrue(claimedByA.await(BLOCKED.toSeconds(), TimeUnit.SECONDS), "instance A did not claim");
        long started = System.nanoTime();
        Set<String> seenByB = QuarkusTransaction.requiringNew().call(() -> ids(claims.claim("instance-b", now, false)));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        bLooked.countDown();
        Set<String> claimedA = a.get(BLOCKED.toSeconds(), TimeUnit.SECONDS);

        assertTrue(claimedA.containsAll(expired), "A takes every expired unfinished check: " + claimedA);
        assertTrue(!claimedA.contains(held) && !claimedA.contains(finished), claimedA.toString());
        assertTrue(waited.compareTo(BLOCKED) < 0, "B waited for A's locks instead of skipping them: " + waited);
        assertTrue(intersection(seenByB, expired).isEmpty(), "B took rows A was claiming: " + seenByB);
        for (String id : expired) {
            assertEquals("instance-a", owner(id));
        }

        Set<String> whileALives = QuarkusTransaction.requiringNew().call(() -> ids(claims.claim("instance-b", now, false)));
        assertTrue(intersection(whileALives, expired).isEmpty(), "A's fresh claim was taken: " + whileALives);
        Instant afterALease = now.plus(Duration.ofMinutes(2)); // A stopped renewing (the lease is 60 s)
        Set<String> takenOver = QuarkusTransaction.requiringNew()
                .call(() -> ids(claims.claim("instance-b", afterALease, false)));
        assertTrue(takenOver.containsAll(expired) && takenOver.contains(held), takenOver.toString());
        assertEquals("instance-b", owner(held));

        // A restarted A takes back nothing B now holds, and B's restart takes back its own rows at once.
        assertTrue(intersection(QuarkusTransaction.requiringNew().call(() -> ids(claims.claim("instance-a",
                afterALease, true))), expired).isEmpty());
        assertTrue(QuarkusTransaction.requiringNew().call(() -> ids(claims.claim("instance-b", afterALease, true)))
                .containsAll(expired));
    }

    /** A committed check row (no files); RetentionTest's rows too. */
    static String row(CheckStatus status, String owner, Instant leaseUntil) {
        String id = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            CheckJob job = new CheckJob();
            job.id = id;
            job.status = status;
            job.query = "claim-test";
            job.container = VideoContainer.MP4.name();
            job.submittedAt = Instant.now();
            job.owner = owner;
            job.leaseUntil = leaseUntil;
            job.persist();
        });
        return id;
    }

    private static String owner(String id) {
        return Library.read(() -> CheckJob.<CheckJob>findById(id)).owner;
    }

    private static Set<String> ids(List<CheckJob> jobs) {
        return jobs.stream().map(j -> j.id).collect(Collectors.toSet());
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        return a.stream().filter(b::contains).collect(Collectors.toSet());
    }
}
