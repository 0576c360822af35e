package org.vcd.deploy.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A video received (uploaded or fetched) into the data folder's incoming area and recognised as a container;
 * not yet anywhere else. The caller moves it into place or discards it.
 *
 * @param origin the client's file name or the URI, for display only
 */
public record IncomingVideo(Path file, VideoContainer container, String origin, long bytes) {

    public void discard() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover in incoming/ is harmless; it is never read
        }
    }
}
