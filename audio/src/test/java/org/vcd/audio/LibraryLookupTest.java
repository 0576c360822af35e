package org.vcd.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vcd.domain.Segment;
import org.vcd.testdata.SyntheticSound;

/** What a library needs beside {@link AudioMatcher}: the landmarks' encoding, lookup voting and fusion. */
class LibraryLookupTest {

    private static final AudioConfig CONFIG = AudioConfig.DEFAULT;

    private static List<Landmark> music(long seed, double from, double seconds) {
        float[] all = SyntheticSound.music(seed, from + seconds, CONFIG.sampleRate());
        float[] part = new float[(int) (seconds * CONFIG.sampleRate())];
        System.arraycopy(all, (int) (from * CONFIG.sampleRate()), part, 0, part.length);
        return Fingerprint.landmarks(part, CONFIG);
    }

    @Test
    void theEncodingGivesTheLandmarksBackInTimeOrderInAboutThreeBytesEach() {
        List<Landmark> landmarks = music(4, 0, 30);
        byte[] bytes = LandmarkCodec.encode(landmarks);
        assertEquals(LandmarkCodec.sorted(landmarks), LandmarkCodec.decode(bytes));
        double perLandmark = (double) bytes.length / landmarks.size();
        assertTrue(perLandmark < 3, "bytes per landmark: " + perLandmark);
        assertEquals(List.of(), LandmarkCodec.decode(LandmarkCodec.encode(List.of())));
        assertThrows(IllegalArgumentException.class, () -> LandmarkCodec.decode(new byte[] {0, 3, (byte) 0x80}));
    }

    /** The store's side of the lookup, as an inverted map from hash to the videos having it. */
    private static Map<Integer, List<String>> holders(Map<String, List<Landmark>> library, List<Integer> hashes) {
        Map<Integer, TreeSet<String>> found = new HashMap<>();
        library.forEach((video, landmarks) -> landmarks.stream().map(Landmark::hash).filter(hashes::contains)
                .forEach(hash -> found.computeIfAbsent(hash, h -> new TreeSet<>()).add(video)));
        Map<Integer, List<String>> answer = new HashMap<>();
        found.forEach((hash, videos) -> answer.put(hash, new ArrayList<>(videos)));
        return answer;
    }

    @Test
    void theLookupVotesForTheCopiedReferenceFirst() {
        Map<String, List<Landmark>> library = new HashMap<>();
        for (int seed = 10; seed < 16; seed++) {
            library.put("other-" + seed, music(seed, 0, 30));
        }
        library.put("copied", music(4, 0, 30));
        List<Landmark> query = music(4, 5, 15);
        List<AudioCandidates.Candidate> candidates = AudioCandidates.vote(query,
                holders(library, AudioCandidates.hashes(query, CONFIG)), CONFIG);
        assertFalse(candidates.isEmpty());
        assertEquals("copied", candidates.get(0).videoId());
        // Without offsets the margin is thin (63 votes against at most 52 on this generated music): the lookup only
        // narrows the library down, the matcher decides (docs/AUDIO.md).
        assertTrue(candidates.get(0).votes() > candidates.get(1).votes(), candidates.toString());
        assertTrue(candidates.size() <= CONFIG.candidates());
        assertTrue(candidates.stream().allMatch(c -> c.votes() >= CONFIG.minVotes()));
        assertTrue(AudioCandidates.vote(query, Map.of(), CONFIG).isEmpty());
    }

    @Test
    void segmentsFoundByBothAreMergedWithACombinedScore() {
        Segment seen = new Segment(10, 30, 110, 130, 0.6);
        Segment heard = new Segment(11, 32, 111, 132, 0.5);
        Segment elsewhere = new Segment(50, 60, 10, 20, 0.4);
        Segment seenOnly = new Segment(70, 80, 200, 210, 0.7);
        // Overlapping in the query only: another moment of the reference, not the same copy.
        Segment sameQueryOtherPlace = new Segment(10, 30, 300, 320, 0.8);
        List<EvidenceFusion.Fused> fused = EvidenceFusion.fuse(List.of(seen, seenOnly),
                List.of(heard, elsewhere, sameQueryOtherPlace));
        assertEquals(4, fused.size(), fused.toString());
        EvidenceFusion.Fused both = fused.get(0);
        assertEquals(0, both.visual());
        assertTrue(both.audio());
        assertEquals(new Segment(10, 32, 110, 132, 1 - 0.4 * 0.5), both.segment());
        assertEquals(new EvidenceFusion.Fused(seenOnly, 1, false), fused.get(1));
        assertEquals(new EvidenceFusion.Fused(elsewhere, EvidenceFusion.Fused.NONE, true), fused.get(2));
        assertEquals(new EvidenceFusion.Fused(sameQueryOtherPlace, EvidenceFusion.Fused.NONE, true), fused.get(3));
        assertEquals(List.of(new EvidenceFusion.Fused(seen, 0, false)), EvidenceFusion.fuse(List.of(seen), List.of()));
    }
}
