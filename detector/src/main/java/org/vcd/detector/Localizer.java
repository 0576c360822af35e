package org.vcd.detector;

import java.util.ArrayList;
import java.util.List;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;

/**
 * Finds copied segments in a query x reference similarity matrix. Implementations are plain functions of the
 * matrix: the classic localizers and the segment pattern detector.
 */
public interface Localizer {

    /** The copied segments found in {@code matrix}, in seconds, best score first. */
    List<Segment> localize(SimilarityMatrix matrix);

    /**
     * The segments of each matrix, in order: one query's candidates at once, which a batched model answers in one
     * call rather than one per matrix.
     */
    default List<List<Segment>> localizeAll(List<SimilarityMatrix> matrices) {
        List<List<Segment>> all = new ArrayList<>(matrices.size());
        for (SimilarityMatrix matrix : matrices) {
            all.add(localize(matrix));
        }
        return all;
    }
}
