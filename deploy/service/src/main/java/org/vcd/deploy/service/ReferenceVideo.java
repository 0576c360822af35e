package org.vcd.deploy.service;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A reference video in the library: its row here, its frames in the store under the same id (stored with
 * {@link #version}), its file in the data folder.
 */
@Entity
@Table(name = "vcd_reference")
public class ReferenceVideo extends ReferenceDetails {

    @Id
    @Column(length = 128)
    public String id;

    /** The change that added this version ({@link ReferenceChange#version}); null for references added before. */
    @Column(length = 36)
    public String version;
}
