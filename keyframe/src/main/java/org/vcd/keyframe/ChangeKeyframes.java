package org.vcd.keyframe;

import java.util.Locale;
import org.vcd.domain.VideoFeatures;

/**
 * The change-based baseline: keeps the first frame, then a frame whenever it differs enough from the last kept one
 * (cosine distance of their vectors), or when the last kept one is {@code maxGapSeconds} old, so no stretch of video
 * goes unrepresented for longer than that.
 *
 * @param minChange     least cosine distance (1 - dot product of the unit vectors) from the last kept frame that keeps
 *                      a frame, in (0, 2]
 * @param maxGapSeconds longest time a kept frame may stand for before the next frame is kept anyway
 */
public record ChangeKeyframes(double minChange, double maxGapSeconds) implements KeyframeSelector {

    /** A frame kept on a change of 0.1 (a cut or fast motion with the classic descriptor), and at least every 4 s. */
    public static final ChangeKeyframes DEFAULT = new ChangeKeyframes(0.1, 4);

    public ChangeKeyframes {
        if (!(minChange > 0 && minChange <= 2) || !(maxGapSeconds > 0)) {
            throw new IllegalArgumentException("min change must be in (0, 2] and the max gap positive: " + minChange
                    + ", " + maxGapSeconds);
        }
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "change-%s-%s", minChange, maxGapSeconds);
    }

    @Override
    public VideoFeatures select(VideoFeatures sampled) {
        float[][] v = sampled.vectors();
        return GapBoundedSelection.select(sampled, maxGapSeconds,
                (frame, last) -> distance(v[frame], v[last]) >= minChange);
    }

    /** Cosine distance of two unit vectors; a blank frame (all zeros) is alike only to another blank frame. */
    private static double distance(float[] a, float[] b) {
        boolean blankA = VideoFeatures.isBlank(a);
        boolean blankB = VideoFeatures.isBlank(b);
        if (blankA || blankB) {
            return blankA == blankB ? 0 : 1;
        }
        return 1 - VideoFeatures.dot(a, b);
    }
}
