package org.vcd.matcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed with SIGKILL in the middle of adding leaves every acknowledged video whole and no half video. */
class LuceneFrameStoreCrashTest {

    @Test
    void killedWriterLosesNothingAcknowledged(@TempDir Path dir) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreCrashWriter.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            for (String line; acknowledged.size() < 3 && (line = out.readLine()) != null; ) {
                acknowledged.add(line);
            }
            // Mid-add: the fourth video is being written now.
            child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly it leaves our pipe open
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            for (String line; (line = out.readLine()) != null; ) {
                acknowledged.add(line); // acknowledged between our decision and the kill
            }
        }
        assertTrue(acknowledged.size() >= 3, "child acknowledged " + acknowledged);

        try (LuceneFrameStore store = LuceneFrameStore.openForReading(dir)) {
            List<String> stored = store.videoIds();
            assertTrue(stored.containsAll(acknowledged), stored + " misses some of " + acknowledged);
            assertTrue(stored.size() <= acknowledged.size() + 1, "more videos than were added: " + stored);
            for (String id : stored) {
                int i = Integer.parseInt(id.substring("video-".length()));
                var expected = TestVideos.video(i, StoreCrashWriter.FRAMES);
                var back = store.frames(id).orElseThrow();
                assertEquals(StoreCrashWriter.FRAMES, back.frameCount(), id + " is not whole");
                assertArrayEquals(store.encoding().roundTrip(expected.vectors()[StoreCrashWriter.FRAMES - 1]),
                        back.vectors()[StoreCrashWriter.FRAMES - 1], id);
                assertEquals(id, store.nearest(List.of(expected.vectors()[1234]), 1).get(0).get(0).videoId());
            }
        }
        // The killed writer's lock does not keep the next writer out.
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(dir, TestVideos.SPEC)) {
            store.add("after-crash", TestVideos.video(99, 10));
            assertTrue(store.videoIds().contains("after-crash"));
        }
    }
}
