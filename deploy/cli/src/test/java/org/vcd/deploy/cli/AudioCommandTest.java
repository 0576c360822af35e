package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.testdata.SyntheticSound;
import org.vcd.testdata.SyntheticVideo;
import org.vcd.testdata.VideoFormats;

/** {@code vcd audio match} on generated videos with sound: the copy found where it is, silence and refusals. */
class AudioCommandTest {

    private static final int RATE = 22050;

    @TempDir
    static Path dir;
    private static Path reference;
    private static Path copy;
    private static Path silent;

    @BeforeAll
    static void write() throws Exception {
        float[] music = SyntheticSound.music(4, 24, RATE);
        reference = dir.resolve("reference.mp4");
        VideoFormats.writeWithSound(reference, 1, 24, 64, 48, 10, music, RATE, 64_000);
        // Other pictures; the reference's sound from 8 s to 20 s, 3 s in, re-encoded at 24 kb/s.
        float[] sound = new float[16 * RATE];
        System.arraycopy(music, 8 * RATE, sound, 3 * RATE, 12 * RATE);
        copy = dir.resolve("copy.mkv");
        VideoFormats.writeWithSound(copy, 2, 16, 64, 48, 10, sound, RATE, 24_000);
        silent = dir.resolve("silent.mp4");
        SyntheticVideo.write(silent, 3, 4, 64, 48, 10);
    }

    @Test
    void findsTheCopiedSound() throws Exception {
        CliRun run = CliRun.vcd("audio", "match", "--query", copy.toString(), "--reference", reference.toString(),
                "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertEquals(16, result.get("query_audio_seconds").asDouble(), 0.2);
        assertEquals(24, result.get("reference_audio_seconds").asDouble(), 0.2);
        JsonNode segments = result.get("segments");
        assertEquals(1, segments.size(), run.out());
        JsonNode segment = segments.get(0);
        assertEquals(3, segment.get("query_start").asDouble(), 1.0, run.out());
        assertEquals(15, segment.get("query_end").asDouble(), 1.0, run.out());
        assertEquals(8, segment.get("reference_start").asDouble(), 1.0, run.out());
        assertEquals(20, segment.get("reference_end").asDouble(), 1.0, run.out());
        assertEquals(1.0, segment.get("speed").asDouble(), 0.02, run.out());

        CliRun lines = CliRun.vcd("audio", "match", "--query", copy.toString(), "--reference", reference.toString());
        assertEquals(0, lines.exit(), lines.err());
        assertEquals(1, lines.out().lines().count(), lines.out());
        assertTrue(lines.out().startsWith("query "), lines.out());
    }

    @Test
    void aVideoWithoutSoundMatchesNothing() {
        CliRun run = CliRun.vcd("audio", "match", "--query", silent.toString(), "--reference", reference.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("no sound track: " + silent + System.lineSeparator() + "no copied sound" + System.lineSeparator(),
                run.out());
    }

    @Test
    void aRefusedVideoIsOneErrorLine() throws Exception {
        byte[] bytes = Files.readAllBytes(copy);
        Path cut = Files.write(dir.resolve("cut.mkv"), Arrays.copyOf(bytes, bytes.length / 3));
        CliRun run = CliRun.vcd("audio", "match", "--query", cut.toString(), "--reference", reference.toString());
        assertEquals(Vcd.EXIT_BAD_INPUT, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("vcd: error: truncated"), run.err());
        assertEquals("", run.out());
    }
}
