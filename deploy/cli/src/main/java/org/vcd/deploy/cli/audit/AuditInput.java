package org.vcd.deploy.cli.audit;

import java.nio.file.Path;

/**
 * One thing to audit: a file, or a URL the audit downloads when it checks it.
 *
 * @param name  what identifies it in the journal and outputs: the absolute, normalised path, or the URL
 * @param file  the file, or null for a URL
 * @param bytes the file's size when the audit started, or -1 when unknown (missing file, URL)
 */
public record AuditInput(String name, Path file, long bytes) {

    public static AuditInput url(String url) {
        return new AuditInput(url, null, -1);
    }
}
