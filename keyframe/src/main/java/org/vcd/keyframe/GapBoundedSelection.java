package org.vcd.keyframe;

import java.util.ArrayList;
import java.util.List;
import org.vcd.domain.VideoFeatures;

/**
 * The walk the change-based and the learned selectors share: keep the first frame, then each frame the selector's
 * rule keeps or that the last kept one has stood for {@code maxGapSeconds}, so no stretch of video goes
 * unrepresented for longer than that.
 */
final class GapBoundedSelection {

    /** Whether frame {@code frame} is kept, given the last frame kept before it. */
    interface Rule {
        boolean keep(int frame, int lastKept);
    }

    private GapBoundedSelection() {
    }

    static VideoFeatures select(VideoFeatures sampled, double maxGapSeconds, Rule rule) {
        if (sampled.frameCount() == 0) {
            return sampled;
        }
        double[] t = sampled.timestamps();
        List<Integer> kept = new ArrayList<>();
        kept.add(0);
        for (int i = 1; i < t.length; i++) {
            int last = kept.get(kept.size() - 1);
            boolean stale = t[i] - t[last] >= maxGapSeconds - 1e-9;
            if (stale || rule.keep(i, last)) {
                kept.add(i);
            }
        }
        return sampled.frames(kept.stream().mapToInt(Integer::intValue).toArray());
    }
}
