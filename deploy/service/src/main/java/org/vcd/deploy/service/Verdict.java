package org.vcd.deploy.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/** A moderator's decision on one match of one check; deciding again replaces it. */
@Entity
@Table(name = "vcd_verdict", uniqueConstraints = @UniqueConstraint(name = "vcd_verdict_match",
        columnNames = {"checkId", "referenceId"}))
public class Verdict extends PanacheEntityBase {

    public enum Decision { CONFIRMED, DISMISSED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(length = 36, nullable = false)
    public String checkId;

    @Column(length = 128, nullable = false)
    public String referenceId;

    @Enumerated(EnumType.STRING)
    @Column(length = 16, nullable = false)
    public Decision decision;

    @Column(length = 4000)
    public String note;

    @Column(length = 200)
    public String decidedBy;

    @Column(nullable = false)
    public Instant decidedAt;
}
