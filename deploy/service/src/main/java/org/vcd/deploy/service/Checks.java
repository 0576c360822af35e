package org.vcd.deploy.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vcd.domain.Messages;

/**
 * The checks' rows: every query and transaction on {@code vcd_check} and {@code vcd_verdict}, and the API's views
 * of them. A view costs a fixed number of queries (the check, its verdicts, its matched references in one IN query),
 * however many matches it has; a list of checks two (the rows, then all their verdicts at once).
 */
@ApplicationScoped
public class Checks {

    /** The check with this id, or 404. */
    public CheckJob find(String id) {
        DataFolder.requireCheckId(id);
        CheckJob job = Library.read(() -> CheckJob.findById(id));
        if (job == null) {
            throw RefusedInput.notFound("no check " + id);
        }
        return job;
    }

    public Views.Check view(String id) {
        DataFolder.requireCheckId(id);
        return Library.read(() -> {
            CheckJob job = CheckJob.findById(id);
            if (job == null) {
                throw RefusedInput.notFound("no check " + id);
            }
            return view(job);
        });
    }

    /** The most recent checks, newest first, optionally only those in {@code status}. */
    public List<Views.CheckSummary> summaries(int limit, CheckStatus status) {
        return Library.read(() -> {
            Sort newest = Sort.descending("submittedAt");
            List<CheckJob> jobs = status == null ? CheckJob.<CheckJob>findAll(newest).page(0, limit).list()
                    : CheckJob.<CheckJob>find("status", newest, status).page(0, limit).list();
            Map<String, List<Verdict>> verdicts = jobs.isEmpty() ? Map.of()
                    : Verdict.<Verdict>list("checkId in ?1", jobs.stream().map(j -> j.id).toList()).stream()
                            .collect(Collectors.groupingBy(v -> v.checkId));
            return jobs.stream().map(job -> Views.CheckSummary.of(job, job.storedResult(),
                    verdicts.getOrDefault(job.id, List.of()))).toList();
        });
    }

    /**
     * Records (or replaces) the verdict on the check's match with {@code reference}: 409 while the check has no
     * result, 404 when it did not match that reference. Returns the check as it is then.
     */
    public Views.Check decide(String id, String reference, Verdict.Decision decision, String note, String by) {
        DataFolder.requireCheckId(id);
        return QuarkusTransaction.requiringNew().call(() -> {
            CheckJob job = CheckJob.findById(id);
            if (job == null) {
                throw RefusedInput.notFound("no check " + id);
            }
            StoredResult result = job.storedResult();
            if (result == null) {
                throw new RefusedInput(409, "check " + id + " has no result yet (" + job.statusName() + ")");
            }
            if (!result.matched(reference)) {
                throw RefusedInput.notFound("check " + id + " has no match with reference " + reference);
            }
            Verdict v = Verdict.find("checkId = ?1 and referenceId = ?2", id, reference).firstResult();
            if (v == null) {
                v = new Verdict();
                v.checkId = id;
                v.referenceId = reference;
            }
            v.decision = decision;
            v.note = note;
            v.decidedBy = by;
            v.decidedAt = Instant.now();
            v.persist();
            return view(job);
        });
    }

    /** Commits a new QUEUED row, claimed by {@code owner} until {@code leaseUntil}. */
    public void queued(String id, String query, VideoContainer container, String submittedBy, String owner,
                       Instant submittedAt, Instant leaseUntil) {
        QuarkusTransaction.requiringNew().run(() -> {
            CheckJob row = new CheckJob();
            row.id = id;
            row.status = CheckStatus.QUEUED;
            row.query = query;
            row.container = container.name();
            row.submittedAt = submittedAt;
            row.submittedBy = submittedBy;
            row.owner = owner;
            row.leaseUntil = leaseUntil;
            row.persist();
        });
    }

    /**
     * Commits RUNNING (one more attempt) and returns the row, or null when it is finished or no longer
     * {@code owner}'s (taken over while this instance could not renew its claim).
     */
    public CheckJob start(String id, String owner) {
        return QuarkusTransaction.requiringNew().call(() -> {
            CheckJob row = CheckJob.findById(id);
            if (row == null || row.status.finished() || !owner.equals(row.owner)) {
                return null;
            }
            row.status = CheckStatus.RUNNING;
            row.startedAt = Instant.now();
            row.attempts++;
            return row;
        });
    }

    /** Commits DONE with the result JSON, or FAILED with the one-line error. */
    public void finish(String id, CheckStatus status, String result, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            CheckJob row = CheckJob.findById(id);
            row.status = status;
            row.result = result;
            row.error = error == null ? null : Messages.oneLine(error);
            row.finishedAt = Instant.now();
        });
    }

    /**
     * Deletes a finished check: 404 when there is none, 409 while it is queued or running (a worker may be reading
     * its video). The row is locked first, then {@code removeFiles} runs, then the verdicts and the row go, all in
     * one transaction: if the commit fails the row stays and deleting again finishes the job.
     */
    public void delete(String id, Runnable removeFiles) {
        DataFolder.requireCheckId(id);
        QuarkusTransaction.requiringNew().run(() -> {
            CheckJob job = CheckJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (job == null) {
                throw RefusedInput.notFound("no check " + id);
            }
            if (!job.status.finished()) {
                throw new RefusedInput(409, "check " + id + " is " + job.statusName() + "; delete it once it has finished");
            }
            removeFiles.run();
            Verdict.delete("checkId", id);
            job.delete();
        });
    }

    /** Ids of up to {@code limit} checks finished before {@code cutoff}, oldest first. */
    public List<String> finishedBefore(Instant cutoff, int limit) {
        return Library.read(() -> CheckJob.<CheckJob>find("status in ?1 and finishedAt < ?2",
                        Sort.ascending("finishedAt"), List.of(CheckStatus.DONE, CheckStatus.FAILED), cutoff)
                .page(0, limit).list().stream().map(job -> job.id).toList());
    }

    /** In the caller's transaction. */
    private static Views.Check view(CheckJob job) {
        StoredResult result = job.storedResult();
        List<String> matched = result == null ? List.of()
                : result.matches().stream().map(StoredResult.StoredMatch::reference).distinct().toList();
        Map<String, ReferenceVideo> references = matched.isEmpty() ? Map.of()
                : ReferenceVideo.<ReferenceVideo>list("id in ?1", matched).stream()
                        .collect(Collectors.toMap(r -> r.id, Function.identity()));
        List<Verdict> verdicts = Verdict.list("checkId", Sort.by("referenceId"), job.id);
        return Views.Check.of(job, result, references, verdicts);
    }
}
