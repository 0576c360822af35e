package org.vcd.deploy.service;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A reference being added or replaced, committed before anything else is written and deleted in the transaction
 * that commits the reference's row. One left behind by a crash tells the startup sweep what to finish or undo:
 * whether the store holds frames of this {@link #version} says which (see {@link Library}).
 */
@Entity
@Table(name = "vcd_reference_change")
public class ReferenceChange extends ReferenceDetails {

    /** A UUID: names the staged file and is stored with the frames. */
    @Id
    @Column(length = 36)
    public String version;

    @Column(length = 128, nullable = false)
    public String referenceId;

    /** The instance making the change ({@code vcd.instance}): only it sweeps the change after a crash. */
    @Column(length = 256, nullable = false)
    public String owner;
}
