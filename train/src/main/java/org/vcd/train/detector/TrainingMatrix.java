package org.vcd.train.detector;

import java.util.List;
import java.util.Objects;
import org.vcd.detector.spd.GridCopy;
import org.vcd.domain.SimilarityMatrix;

/** A similarity matrix with the copies it truly holds: what the detector is trained and calibrated on. */
public record TrainingMatrix(SimilarityMatrix matrix, List<GridCopy> copies) {

    public TrainingMatrix {
        Objects.requireNonNull(matrix, "matrix");
        copies = List.copyOf(copies);
    }
}
