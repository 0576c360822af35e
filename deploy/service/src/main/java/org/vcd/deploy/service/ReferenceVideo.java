package org.vcd.deploy.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A reference video in the library: its row here, its frames in the store under the same id, its file in the data folder. */
@Entity
@Table(name = "vcd_reference")
public class ReferenceVideo extends PanacheEntityBase {

    @Id
    @Column(length = 128)
    public String id;

    @Column(length = 500)
    public String title;

    /** The client's file name or URI, for display only: never used as a path. */
    @Column(length = 2000)
    public String origin;

    @Column(length = 16, nullable = false)
    public String container;

    public long bytes;

    public int frames;

    public double durationSeconds;

    @Column(nullable = false)
    public Instant addedAt;

    @Column(length = 200)
    public String addedBy;
}
