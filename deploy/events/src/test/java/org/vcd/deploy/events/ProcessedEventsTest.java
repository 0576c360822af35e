package org.vcd.deploy.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.matcher.StoreException;

/** The processed-event record survives reopening, drops a line torn by a crash, and has one owner at a time. */
class ProcessedEventsTest {

    private static final ProcessedEvents.Position AT_3 = new ProcessedEvents.Position("uploads", 1, 3);
    private static final ProcessedEvents.Position AT_9 = new ProcessedEvents.Position("uploads", 0, 9);

    @Test
    void entriesSurviveReopeningAndTheLastOneWins(@TempDir Path dir) {
        try (ProcessedEvents record = ProcessedEvents.open(dir)) {
            record.record("e-1", AT_3);
            record.record("e-2", AT_3);
            record.record("e-1", AT_9); // decided again after an aborted attempt
        }
        try (ProcessedEvents record = ProcessedEvents.open(dir)) {
            assertEquals(Optional.of(AT_9), record.lookup("e-1"));
            assertEquals(Optional.of(AT_3), record.lookup("e-2"));
            assertEquals(Optional.empty(), record.lookup("e-3"));
        }
    }

    @Test
    void aLineTornByACrashIsDroppedAndLaterEntriesStillLoad(@TempDir Path dir) throws Exception {
        try (ProcessedEvents record = ProcessedEvents.open(dir)) {
            record.record("e-1", AT_3);
        }
        Path file = dir.resolve(ProcessedEventsFile.FILE);
        Files.writeString(file, "{\"event_id\":\"e-2\",\"topic\":\"upl", StandardOpenOption.APPEND);
        try (ProcessedEvents record = ProcessedEvents.open(dir)) {
            assertEquals(Optional.empty(), record.lookup("e-2"));
            record.record("e-3", AT_9);
        }
        try (ProcessedEvents record = ProcessedEvents.open(dir)) {
            assertEquals(Optional.of(AT_3), record.lookup("e-1"));
            assertEquals(Optional.of(AT_9), record.lookup("e-3"));
        }
        assertEquals(2, Files.readAllLines(file).size());
    }

    @Test
    void aSecondOwnerAndACorruptFileAreRefused(@TempDir Path dir) throws Exception {
        try (ProcessedEvents record = ProcessedEvents.open(dir)) {
            StoreException inUse = assertThrows(StoreException.class, () -> ProcessedEvents.open(dir));
            assertTrue(inUse.getMessage().contains("in use"), inUse.getMessage());
        }
        Files.writeString(dir.resolve(ProcessedEventsFile.FILE), "garbage\n{}\n", StandardOpenOption.APPEND);
        StoreException corrupt = assertThrows(StoreException.class, () -> ProcessedEvents.open(dir));
        assertTrue(corrupt.getMessage().contains("not a processed-event entry"), corrupt.getMessage());
    }
}
