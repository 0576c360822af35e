package org.vcd.deploy.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/** What the library records about a reference video: kept by its row, and by a change until that is complete. */
@MappedSuperclass
public abstract class ReferenceDetails extends PanacheEntityBase {

    @Column(length = InputLimits.TITLE)
    public String title;

    /** The client's file name or URI, for display only: never used as a path. */
    @Column(length = InputLimits.NAME)
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

    void copyTo(ReferenceDetails other) {
        other.title = title;
        other.origin = origin;
        other.container = container;
        other.bytes = bytes;
        other.frames = frames;
        other.durationSeconds = durationSeconds;
        other.addedAt = addedAt;
        other.addedBy = addedBy;
    }
}
