package org.vcd.deploy.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An API key an admin created through the API. Only the SHA-256 digest of the key is stored: the key is 32 random
 * bytes, so a digest cannot be reversed by guessing, and a leaked table holds no usable key. Revoking deletes the row.
 */
@Entity
@Table(name = "vcd_api_key")
public class IssuedKey extends PanacheEntityBase {

    /** "key-" and 12 random hex digits: names the key in lists, logs, verdicts and the revoke URL. */
    @Id
    @Column(length = 16)
    public String id;

    @Column(length = 64, nullable = false, unique = true)
    public String digest;

    @Enumerated(EnumType.STRING)
    @Column(length = 16, nullable = false)
    public Roles.Role role;

    @Column(length = InputLimits.LABEL)
    public String label;

    @Column(nullable = false)
    public Instant createdAt;

    @Column(length = 200)
    public String createdBy;
}
