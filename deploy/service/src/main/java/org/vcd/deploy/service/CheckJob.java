package org.vcd.deploy.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A submitted check. The row is written before the submission is acknowledged, so the database is the queue's
 * source of truth: a restart requeues whatever was queued or running.
 */
@Entity
@Table(name = "vcd_check", indexes = {
        @Index(name = "vcd_check_status", columnList = "status"),
        @Index(name = "vcd_check_submitted", columnList = "submittedAt"),
        @Index(name = "vcd_check_owner", columnList = "owner")})
public class CheckJob extends PanacheEntityBase {

    /** A UUID made by the service; it also names the check's folder. */
    @Id
    @Column(length = 36)
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(length = 16, nullable = false)
    public CheckStatus status;

    /** The name the client gave the query (file name or URI), for display and the result's "query" field. */
    @Column(length = 2000)
    public String query;

    @Column(length = 16, nullable = false)
    public String container;

    @Column(nullable = false)
    public Instant submittedAt;

    public Instant startedAt;

    public Instant finishedAt;

    /** How many times a worker started it: above one, it was interrupted by a restart. */
    public int attempts;

    /** The match JSON, exactly as {@code vcd check} prints it. */
    @Column(length = 1_000_000)
    public String result;

    /** Why a failed check failed, one line. */
    @Column(length = 2000)
    public String error;

    @Column(length = 200)
    public String submittedBy;

    /**
     * The service instance ({@code vcd.instance}) that runs it, and until when its claim holds without renewal:
     * services sharing a database each run only the checks they claimed, and take over those whose claim ran out.
     */
    @Column(length = 256)
    public String owner;

    public Instant leaseUntil;

    /** The result read back into records, or null until the check is done. */
    public StoredResult storedResult() {
        return result == null ? null : StoredResult.parse(id, result);
    }

    public String statusName() {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }
}
