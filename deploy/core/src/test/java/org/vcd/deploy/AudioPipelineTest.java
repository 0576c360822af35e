package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.Segment;
import org.vcd.matcher.FrameStore;
import org.vcd.matcher.StoreException;
import org.vcd.testdata.SyntheticSound;
import org.vcd.testdata.VideoFormats;

/**
 * The pipeline with audio on, on generated videos with sound: a copy whose picture is other footage entirely but whose
 * sound is 16 s of the reference's is found by the sound alone (and not with audio off, nor when audio-only segments
 * are ignored); a plain copy is found by both, its segments merged; audio auto follows the store.
 */
class AudioPipelineTest {

    private static final int RATE = 22_050;
    private static final PipelineConfig AUDIO_ON = new PipelineConfig(PipelineConfig.DEFAULT_EMBEDDER,
            PipelineConfig.DEFAULT_KEYFRAMES, PipelineConfig.DEFAULT_LOCALIZER, false, false)
            .withAudio(PipelineConfig.Audio.ON);
    private static final PipelineConfig AUDIO_OFF = AUDIO_ON.withAudio(PipelineConfig.Audio.OFF);
    private static final PipelineConfig AUDIO_AUTO = AUDIO_ON.withAudio(PipelineConfig.Audio.AUTO);
    private static final PipelineModels MODELS = new PipelineModels();

    @TempDir
    static Path dir;

    private static Path store;
    private static Path otherPicture;
    private static Path plainCopy;

    @BeforeAll
    static void indexTheReference() throws Exception {
        float[] music = SyntheticSound.music(4, 30, RATE);
        Path reference = dir.resolve("reference.mp4");
        VideoFormats.writeWithSound(reference, 1, 30, 96, 72, 10, music, RATE, 64_000);
        // Reference seconds 8-24 under unrelated footage, from the query's second 2.
        float[] sound = new float[20 * RATE];
        System.arraycopy(music, 8 * RATE, sound, 2 * RATE, 16 * RATE);
        otherPicture = dir.resolve("other-picture.mp4");
        VideoFormats.writeWithSound(otherPicture, 2, 20, 96, 72, 10, sound, RATE, 32_000);
        // The reference's first 20 s, picture and sound.
        plainCopy = dir.resolve("plain-copy.mp4");
        VideoFormats.writeWithSound(plainCopy, 1, 20, 96, 72, 10, Arrays.copyOf(music, 20 * RATE), RATE, 32_000);
        store = dir.resolve("store");
        CopyDetector detector = CopyDetector.of(AUDIO_ON, MODELS);
        try (FrameStore opened = detector.openStoreForWriting(store)) {
            CopyDetector.Reference indexed = detector.index(opened, reference, "reference");
            assertTrue(indexed.landmarks().size() > 30 * 20, "landmarks: " + indexed.landmarks().size());
        }
    }

    @AfterAll
    static void closeModels() {
        MODELS.close();
    }

    private static CheckResult check(PipelineConfig pipeline, Path query) throws Exception {
        return StoredChecks.check(pipeline, MODELS, store, query);
    }

    private static void assertNear(double expected, double actual, String what) {
        assertEquals(expected, actual, 1.0, what);
    }

    @Test
    void aCopyOfTheSoundUnderOtherFootageIsFoundByTheSoundAlone() throws Exception {
        CheckResult heard = check(AUDIO_ON, otherPicture);
        assertEquals(1, heard.matches().size(), heard.toString());
        Match match = heard.matches().get(0);
        assertEquals("reference", match.reference());
        assertEquals(1, match.segments().size(), match.segments().toString());
        MatchedSegment segment = match.segments().get(0);
        assertEquals(MatchedSegment.HEARD, segment.evidence());
        Segment where = segment.segment();
        assertNear(2, where.queryStart(), "query start");
        assertNear(18, where.queryEnd(), "query end");
        assertNear(8, where.referenceStart(), "reference start");
        assertNear(24, where.referenceEnd(), "reference end");
        assertTrue(segment.whereFound().contains("sound alone"), segment.whereFound());
        JsonNode json = Json.MAPPER.readTree(Json.line(heard));
        assertEquals("[\"audio\"]", json.at("/matches/0/segments/0/evidence").toString());

        CheckResult seenOnly = check(AUDIO_OFF, otherPicture);
        assertTrue(seenOnly.matches().isEmpty(), "the pictures alone find nothing: " + seenOnly);
    }

    /** A library that does not count a shared soundtrack as a copy: the sound then only confirms the pictures. */
    @Test
    void ignoringAudioOnlySegmentsKeepsTheSoundAsConfirmation() throws Exception {
        PipelineConfig confirming = AUDIO_ON.withAudioOnly(false);
        assertTrue(confirming.label().endsWith("-audio-confirming"), confirming.label());
        CheckResult heard = check(confirming, otherPicture);
        assertTrue(heard.matches().isEmpty(), "the sound alone is not reported: " + heard);
        CheckResult both = check(confirming, plainCopy);
        assertEquals(MatchedSegment.SEEN_AND_HEARD, both.matches().get(0).segments().get(0).evidence(),
                both.toString());
    }

    @Test
    void aPlainCopyIsFoundByBothAndItsSegmentsMerged() throws Exception {
        CheckResult both = check(AUDIO_ON, plainCopy);
        assertEquals(1, both.matches().size(), both.toString());
        List<MatchedSegment> segments = both.matches().get(0).segments();
        assertEquals(1, segments.size(), segments.toString());
        assertEquals(MatchedSegment.SEEN_AND_HEARD, segments.get(0).evidence());
        assertNear(0, segments.get(0).segment().queryStart(), "query start");
        assertNear(20, segments.get(0).segment().queryEnd(), "query end");
        CheckResult seen = check(AUDIO_OFF, plainCopy);
        assertEquals(MatchedSegment.SEEN, seen.matches().get(0).segments().get(0).evidence());
        assertTrue(segments.get(0).segment().score() >= seen.matches().get(0).score(),
                "two signs of a copy are not weaker than one");
    }

    @Test
    void checkingWithAudioOnRefusesAStoreWithoutSound() throws Exception {
        Path silent = dir.resolve("store-without-sound");
        CopyDetector off = CopyDetector.of(AUDIO_OFF, MODELS);
        try (FrameStore opened = off.openStoreForWriting(silent)) {
            off.index(opened, plainCopy, "copy");
        }
        CopyDetector on = CopyDetector.of(AUDIO_ON, MODELS);
        StoreException refused = assertThrows(StoreException.class, () -> on.openStoreForReading(silent));
        assertTrue(refused.getMessage().contains("holds no sound landmarks"), refused.getMessage());
        StoreException writing = assertThrows(StoreException.class, () -> on.openStoreForWriting(silent));
        assertTrue(writing.getMessage().contains("holds no sound landmarks"), writing.getMessage());
    }

    /** The default: sound where the store keeps it, so old stores work as before and new ones keep sound. */
    @Test
    void audioAutoFollowsTheStore() throws Exception {
        assertEquals(PipelineConfig.Audio.AUTO, PipelineConfig.DEFAULT.audio());
        CheckResult heard = check(AUDIO_AUTO, otherPicture);
        assertEquals(MatchedSegment.HEARD, heard.matches().get(0).segments().get(0).evidence(), heard.toString());

        Path made = dir.resolve("store-made-by-auto");
        CopyDetector auto = CopyDetector.of(AUDIO_AUTO, MODELS);
        assertTrue(auto.keepsSound(made.toString()), "a new store keeps sound");
        try (FrameStore opened = auto.openStoreForWriting(made)) {
            assertTrue(auto.index(opened, plainCopy, "copy").landmarks().size() > 0);
            assertTrue(opened.spec().audio());
        }

        Path silent = dir.resolve("store-made-without-sound");
        try (FrameStore opened = CopyDetector.of(AUDIO_OFF, MODELS).openStoreForWriting(silent)) {
            CopyDetector.of(AUDIO_OFF, MODELS).index(opened, plainCopy, "copy");
        }
        assertFalse(auto.keepsSound(silent.toString()), "a store made without sound stays so");
        try (FrameStore opened = auto.openStoreForWriting(silent)) {
            assertEquals(null, auto.index(opened, plainCopy, "again").landmarks());
        }
        CheckResult seen = StoredChecks.check(AUDIO_AUTO, MODELS, silent, otherPicture);
        assertTrue(seen.matches().isEmpty(), "no sound to match in that store: " + seen);
        CheckResult plain = StoredChecks.check(AUDIO_AUTO, MODELS, silent, plainCopy);
        assertEquals(MatchedSegment.SEEN, plain.matches().get(0).segments().get(0).evidence(), plain.toString());
    }
}
