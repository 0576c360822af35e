package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs refused before or at opening, each with its own reason. */
class VideoIngestFileCheckTest {

    private final VideoIngest ingest = new VideoIngest(IngestConfig.DEFAULT);

    private IngestException.Reason refusal(Path file) {
        return assertThrows(IngestException.class, () -> ingest.ingest(file)).reason();
    }

    @Test
    void missingFile(@TempDir Path dir) {
        assertEquals(IngestException.Reason.MISSING, refusal(dir.resolve("nope.mp4")));
    }

    @Test
    void folderIsNotAFile(@TempDir Path dir) {
        assertEquals(IngestException.Reason.MISSING, refusal(dir));
    }

    @Test
    void emptyFile(@TempDir Path dir) throws Exception {
        assertEquals(IngestException.Reason.EMPTY, refusal(Files.createFile(dir.resolve("empty.mp4"))));
    }

    @Test
    void textNamedMp4(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(50));
        IngestException e = assertThrows(IngestException.class, () -> ingest.ingest(text));
        assertEquals(IngestException.Reason.NOT_A_VIDEO, e.reason());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void fileOverTheSizeLimit(@TempDir Path dir) throws Exception {
        Path big = Files.write(dir.resolve("big.mp4"), new byte[2048]);
        VideoIngest small = new VideoIngest(IngestConfig.DEFAULT.withMaxFileBytes(1024));
        assertEquals(IngestException.Reason.TOO_LARGE,
                assertThrows(IngestException.class, () -> small.ingest(big)).reason());
    }
}
