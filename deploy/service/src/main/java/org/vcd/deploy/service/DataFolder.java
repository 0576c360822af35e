package org.vcd.deploy.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The service's files. Every path is built here from ids the service made or validated (a UUID, a reference id
 * matching {@link #REFERENCE_ID}) and an extension from {@link VideoContainer}: nothing a client sends becomes
 * part of a path.
 */
@ApplicationScoped
public class DataFolder {

    private static final Logger LOG = Logger.getLogger(DataFolder.class);

    /** Reference ids: what the store and the URLs accept. */
    public static final Pattern REFERENCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;

    DataFolder(ServiceConfig config) {
        this.root = config.data().toAbsolutePath().normalize();
        try {
            // store/ is made by the Lucene store when it opens, and never in cluster mode (the frames are in Milvus).
            for (String dir : new String[] {"references", "checks", "incoming", "staging"}) {
                Files.createDirectories(root.resolve(dir));
            }
            removeLeftoverUploads();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes what an earlier process left in incoming/ (its *.part files and the HTTP layer's upload files): none
     * of it was ever accepted. Only files older than this JVM go, so uploads this process is receiving stay.
     */
    private void removeLeftoverUploads() throws IOException {
        FileTime started = FileTime.fromMillis(ManagementFactory.getRuntimeMXBean().getStartTime());
        int removed = 0;
        try (var files = Files.list(root.resolve("incoming"))) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(started) < 0) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            LOG.infof("removed %d unfinished upload(s) left in %s by an earlier run", removed, root.resolve("incoming"));
        }
    }

    /** {@code message} with every path inside the data folder replaced: clients never see the server's layout. */
    public String withoutPaths(String message) {
        return message == null ? null
                : message.replaceAll(java.util.regex.Pattern.quote(root.toString()) + "/[^\\s:,;)]*", "the video");
    }

    public Path root() {
        return root;
    }

    public Path store() {
        return root.resolve("store");
    }

    public static String requireReferenceId(String id) {
        if (id == null || !REFERENCE_ID.matcher(id).matches()) {
            throw RefusedInput.badRequest("reference id must be 1-128 letters, digits, '.', '_' or '-', starting "
                    + "with a letter or digit");
        }
        return id;
    }

    /** A check id from a URL: only the canonical UUID form the service hands out. */
    public static String requireCheckId(String id) {
        try {
            if (id != null && UUID.fromString(id).toString().equals(id)) {
                return id;
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to not found
        }
        throw RefusedInput.notFound("no check " + id);
    }

    public Path referenceFile(String id, VideoContainer container) {
        return root.resolve("references").resolve(requireReferenceId(id) + "." + container.extension());
    }

    /** Where a reference's new video waits while its frames are stored; {@code version} is a UUID the service made. */
    public Path stagedFile(String version, VideoContainer container) {
        return root.resolve("staging").resolve(UUID.fromString(version) + "." + container.extension());
    }

    public Path checkFolder(String checkId) {
        return root.resolve("checks").resolve(requireCheckId(checkId));
    }

    /** Deletes a check's folder, logging (not throwing) a failure: callers go on whether or not it went. */
    public void deleteCheckFolderQuietly(String checkId) {
        try {
            deleteRecursively(checkFolder(checkId));
        } catch (IOException e) {
            LOG.warnf("cannot remove the folder of check %s: %s", checkId, e.getMessage());
        }
    }

    public Path queryFile(String checkId, VideoContainer container) {
        return checkFolder(checkId).resolve("query." + container.extension());
    }

    /** A fresh file for an upload or download in progress, on the same disk as its destination. */
    public Path incoming() {
        return root.resolve("incoming").resolve(UUID.randomUUID() + ".part");
    }

    /** Moves a checked incoming file into place, replacing what was there. */
    public static void moveInto(Path incoming, Path destination) throws IOException {
        Files.createDirectories(destination.getParent());
        Files.move(incoming, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
