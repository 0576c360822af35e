package org.vcd.testdata;

import org.vcd.ingest.VideoFeatures;

/** Cosine similarity of ingest's L2-normalised frame vectors, and the nearest reference frame. */
final class Similarity {

    private Similarity() {
    }

    static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Highest similarity of {@code frame} to any frame of {@code reference}. */
    static double best(float[] frame, VideoFeatures reference) {
        double best = -1;
        for (float[] r : reference.vectors()) {
            best = Math.max(best, cosine(frame, r));
        }
        return best;
    }
}
