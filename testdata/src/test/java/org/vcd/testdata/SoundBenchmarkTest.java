package org.vcd.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ground truth of a benchmark with sound is exact: each source's sound is a sequence of half-second tones whose
 * frequencies say which source and which half second they come from, so the query's decoded sound says, at any
 * moment, what it carries: a kept copy the reference's tones at the times its ground truth implies (through
 * {@code atempo} and reversal), a muted one none of them, a replaced one the filler's it names, a music-only negative
 * its reference's.
 */
class SoundBenchmarkTest {

    private static final int RATE = SoundRecipe.RATE;
    private static final double BLOCK = 0.5;
    private static final double TONE = 0.3;
    private static final int CODES = 37;
    /** Source 0 has no sound. */
    private static final int SOURCES = 4;
    private static final int SILENT = 0;
    private static final double SOURCE_SECONDS = 14;
    private static final long SEED = 1;

    @TempDir
    static Path dir;

    private static GroundTruth truth;

    @BeforeAll
    static void generate() throws IOException {
        Path sources = dir.resolve("sources");
        Files.createDirectories(sources);
        for (int s = 0; s < SOURCES; s++) {
            Path file = sources.resolve("source" + s + ".mp4");
            if (s == SILENT) {
                SyntheticVideo.write(file, s, SOURCE_SECONDS, 160, 120, 25);
            } else {
                VideoFormats.writeWithSound(file, s, SOURCE_SECONDS, 160, 120, 25, tones(s), RATE, 96_000);
            }
        }
        truth = BenchmarkGenerator.generate(sources, dir.resolve("bench"), SEED, BenchmarkGenerator.Size.SMALL,
                Split.Choice.ALL, true, line -> { });
    }

    private static double hz(int source, int block) {
        return 400 + 50 * ((block * 3 + source * 11) % CODES);
    }

    private static float[] tones(int source) {
        float[] sound = new float[(int) Math.round(SOURCE_SECONDS * RATE)];
        int per = (int) Math.round(BLOCK * RATE);
        for (int k = 0; k * per < sound.length; k++) {
            float[] tone = SyntheticSound.chirp(hz(source, k), hz(source, k), BLOCK, RATE, TONE);
            System.arraycopy(tone, 0, sound, k * per, Math.min(per, sound.length - k * per));
        }
        return sound;
    }

    private static int sourceNumber(String id) {
        return Integer.parseInt(id.substring("source".length()));
    }

    @Test
    void eachCopysSoundIsWhatTheGroundTruthSays() throws IOException {
        assertTrue(truth.sound());
        Set<String> fates = new TreeSet<>();
        int checked = 0;
        for (GroundTruth.Query query : truth.queries()) {
            float[] heard = decode(dir.resolve("bench").resolve(query.file()));
            assertEquals(query.durationSeconds(), heard.length / (double) RATE, 0.1, query.id() + " sound length");
            for (GroundTruth.Copy copy : query.copies()) {
                fates.add(copy.audio());
                double volume = step(copy, "volume=").map(Double::parseDouble).orElse(1.0);
                int reference = sourceNumber(copy.reference());
                for (double centre = (Math.floor(copy.referenceStart() / BLOCK) + 1.5) * BLOCK;
                     centre < copy.referenceEnd() - 0.75 * BLOCK; centre += BLOCK) {
                    double u = (copy.reversed() ? copy.referenceEnd() - centre : centre - copy.referenceStart())
                            / copy.speed();
                    double at = copy.queryStart() + u;
                    int block = (int) Math.floor(centre / BLOCK);
                    String where = query.id() + " at " + at + " (" + copy.audio() + " " + copy.audioTransformations() + ")";
                    switch (copy.audio()) {
                        case "kept" -> assertEquals(hz(reference, block), strongest(heard, at), where);
                        case "muted" -> assertTrue(power(heard, at, hz(reference, block)) < 0.1 * full(volume), where);
                        case "replaced" -> {
                            String named = step(copy, "replaced=").orElseThrow();
                            if (!named.equals("other_music")) {
                                double from = Double.parseDouble(named.substring(named.indexOf(":from=") + 6,
                                        named.indexOf(":looped")));
                                int filler = sourceNumber(named.substring(0, named.indexOf(':')));
                                double t = from + at - copy.queryStart();
                                double middle = (Math.floor(t / BLOCK) + 0.5) * BLOCK;
                                if (Math.abs(t - middle) < 0.15 && t < SOURCE_SECONDS - 1 && filler != SILENT) {
                                    assertEquals(hz(filler, (int) Math.floor(t / BLOCK)), strongest(heard, at), where);
                                }
                            }
                            assertTrue(power(heard, at, hz(reference, block)) < 0.1 * full(volume), where);
                        }
                        default -> assertEquals(SILENT, reference, "only the silent source copies no sound");
                    }
                    checked++;
                }
            }
            for (GroundTruth.Copy music : query.music()) {
                assertEquals("music_only", query.negative());
                double volume = step(music, "volume=").map(Double::parseDouble).orElse(1.0);
                boolean alone = music.audioTransformations().get(0).equals("mix=alone");
                double gain = alone ? 1 : Math.pow(10, Double.parseDouble(music.audioTransformations().get(0)
                        .replace("mix=under:level=", "").replace("dB", "")) / 20);
                for (double centre = (Math.floor(music.referenceStart() / BLOCK) + 1.5) * BLOCK;
                     centre < music.referenceEnd() - 0.75 * BLOCK; centre += BLOCK) {
                    double at = music.queryStart() + centre - music.referenceStart();
                    double expected = hz(sourceNumber(music.reference()), (int) Math.floor(centre / BLOCK));
                    if (alone) {
                        assertEquals(expected, strongest(heard, at), query.id() + " at " + at);
                    } else {
                        assertTrue(power(heard, at, expected) > 0.3 * gain * gain * full(volume), query.id() + " at " + at);
                    }
                    checked++;
                }
            }
        }
        assertEquals(Set.of("kept", "muted", "replaced"), fates, "this seed draws every fate (the silent source is a filler)");
        assertTrue(truth.queries().stream().anyMatch(q -> "music_only".equals(q.negative())));
        assertTrue(truth.queries().stream().flatMap(q -> q.copies().stream())
                .anyMatch(c -> c.audio().equals("kept") && c.audioTransformations().stream()
                        .anyMatch(s -> s.startsWith("atempo=") || s.equals("areverse"))), "a kept copy changed in time");
        assertTrue(checked > 40, "checked " + checked + " moments");
    }

    @Test
    void sameSeedSameBytes() throws IOException {
        Path again = dir.resolve("again");
        assertEquals(truth, BenchmarkGenerator.generate(dir.resolve("sources"), again, SEED,
                BenchmarkGenerator.Size.SMALL, Split.Choice.ALL, true, line -> { }));
        for (GroundTruth.Query query : truth.queries()) {
            assertEquals(-1, Files.mismatch(dir.resolve("bench").resolve(query.file()), again.resolve(query.file())),
                    query.file() + " differs");
        }
        assertEquals(-1, Files.mismatch(dir.resolve("bench").resolve(GroundTruth.FILE), again.resolve(GroundTruth.FILE)));
    }

    @Test
    void aSilentBenchmarkSaysNothingOfSound() throws IOException {
        Path silent = dir.resolve("silent");
        GroundTruth plain = BenchmarkGenerator.generate(dir.resolve("sources"), silent, SEED,
                BenchmarkGenerator.Size.SMALL, Split.Choice.ALL, line -> { });
        assertFalse(plain.sound());
        String json = Files.readString(silent.resolve(GroundTruth.FILE));
        for (String word : List.of("audio", "sound", "music")) {
            assertFalse(json.contains(word), "a silent ground truth reads as before: no " + word);
        }
        assertEquals(BenchmarkGenerator.Size.SMALL.shape.queries(), plain.queries().size());
        assertEquals(plain.queries().size() + BenchmarkGenerator.Size.SMALL.shape.musicOnly(), truth.queries().size(),
                "music-only negatives come on top");
        assertTrue(truth.references().stream().noneMatch(r -> r.id().equals("source" + SILENT)),
                "sources with sound are references first");
    }

    private static Optional<String> step(GroundTruth.Copy copy, String prefix) {
        return copy.audioTransformations().stream().filter(s -> s.startsWith(prefix))
                .map(s -> s.substring(prefix.length())).findFirst();
    }

    /** Window of 0.1 s around a moment: at a speed of 2, 0.2 s of a 0.5 s tone. */
    private static final int WINDOW = RATE / 10;

    /** Goertzel power of a full-scale {@code TONE * volume} sine over the window. */
    private static double full(double volume) {
        double amplitude = TONE * volume * WINDOW / 2;
        return amplitude * amplitude;
    }

    private static double power(float[] sound, double at, double hz) {
        int from = Math.max(0, (int) Math.round(at * RATE) - WINDOW / 2);
        double re = 0;
        double im = 0;
        for (int i = 0; i < WINDOW && from + i < sound.length; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / WINDOW); // Hann: a neighbour code leaks little
            double phase = 2 * Math.PI * hz * i / RATE;
            re += 2 * w * sound[from + i] * Math.cos(phase);
            im += 2 * w * sound[from + i] * Math.sin(phase);
        }
        return re * re + im * im;
    }

    /** The code frequency strongest at {@code at}. */
    private static double strongest(float[] sound, double at) {
        double best = 0;
        double bestPower = -1;
        for (int code = 0; code < CODES; code++) {
            double hz = 400 + 50 * code;
            double p = power(sound, at, hz);
            if (p > bestPower) {
                bestPower = p;
                best = hz;
            }
        }
        return best;
    }

    /** The file's sound, mono at {@link #RATE}, placed by its timestamps (the query's pictures start at 0). */
    private static float[] decode(Path file) throws IOException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT);
        grabber.setSampleRate(RATE);
        grabber.setAudioChannels(1);
        float[] sound = new float[0];
        try {
            grabber.start();
            for (Frame frame; (frame = grabber.grabSamples()) != null; ) {
                FloatBuffer samples = ((FloatBuffer) frame.samples[0]).duplicate();
                int at = (int) Math.round(frame.timestamp / 1e6 * RATE);
                if (at + samples.remaining() > sound.length) {
                    sound = Arrays.copyOf(sound, at + samples.remaining());
                }
                samples.get(sound, at, samples.remaining());
            }
        } finally {
            grabber.release();
        }
        return sound;
    }
}
