package org.vcd.audio;

import java.util.ArrayList;
import java.util.List;
import org.vcd.domain.Segment;

/**
 * A query's segments against one reference from the pictures and from the sound, as one list: a segment either found
 * is reported; a visual segment that an audio segment overlaps on both axes (the same copy, heard and seen) takes in
 * the span of every such audio segment and the combined score {@code 1 - (1 - visual)(1 - audio)} (two independent
 * signs of one copy make it likelier than either alone); an audio segment overlapping no visual one stands alone.
 */
public final class EvidenceFusion {

    /**
     * One reported segment and what found it.
     *
     * @param visual index in the visual list of the segment it is (or extends), or {@link #NONE} when only heard
     * @param audio  whether the sound found it
     */
    public record Fused(Segment segment, int visual, boolean audio) {

        public static final int NONE = -1;

        public boolean seen() {
            return visual != NONE;
        }
    }

    private EvidenceFusion() {
    }

    /** Visual segments first, in their order, then the audio-only ones in theirs. */
    public static List<Fused> fuse(List<Segment> visual, List<Segment> audio) {
        List<Fused> fused = new ArrayList<>(visual.size() + audio.size());
        boolean[] confirms = new boolean[audio.size()];
        for (int v = 0; v < visual.size(); v++) {
            Segment merged = visual.get(v);
            double heard = -1;
            for (int a = 0; a < audio.size(); a++) {
                if (overlapsOnBothAxes(visual.get(v), audio.get(a))) {
                    confirms[a] = true;
                    heard = Math.max(heard, audio.get(a).score());
                    merged = hull(merged, audio.get(a));
                }
            }
            fused.add(heard < 0 ? new Fused(merged, v, false) : new Fused(new Segment(merged.queryStart(),
                    merged.queryEnd(), merged.referenceStart(), merged.referenceEnd(),
                    1 - (1 - visual.get(v).score()) * (1 - heard)), v, true));
        }
        for (int a = 0; a < audio.size(); a++) {
            if (!confirms[a]) {
                fused.add(new Fused(audio.get(a), Fused.NONE, true));
            }
        }
        return fused;
    }

    static boolean overlapsOnBothAxes(Segment a, Segment b) {
        return Math.min(a.queryEnd(), b.queryEnd()) > Math.max(a.queryStart(), b.queryStart())
                && Math.min(a.referenceEnd(), b.referenceEnd()) > Math.max(a.referenceStart(), b.referenceStart());
    }

    private static Segment hull(Segment a, Segment b) {
        return new Segment(Math.min(a.queryStart(), b.queryStart()), Math.max(a.queryEnd(), b.queryEnd()),
                Math.min(a.referenceStart(), b.referenceStart()), Math.max(a.referenceEnd(), b.referenceEnd()),
                a.score());
    }
}
