package org.vcd.train.detector;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vcd.deploy.CopyDetector;
import org.vcd.detector.spd.GridCopy;
import org.vcd.ingest.IngestException;
import org.vcd.domain.VideoFeatures;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.testdata.GroundTruth;

/**
 * The segment detector's real training matrices: every query x reference similarity matrix of a generated
 * benchmark (computed with the pipeline's own embedder and keyframes, as at check time), each with the copies its
 * ground truth says it holds, in grid cells. Pairs without a copy are kept too: they teach what is not a copy.
 */
public final class DetectorTrainingData {

    /** Matrices of one benchmark, split by query into training and held-out (for calibration). */
    public record Matrices(List<TrainingMatrix> training, List<TrainingMatrix> validation) {
    }

    /** Share of queries held out, chosen by a hash of the query id so the split never depends on order. */
    private static final int HELD_OUT_PERCENT = 15;

    private DetectorTrainingData() {
    }

    /** The matrices of several benchmarks, each split by query. */
    public static Matrices of(List<Path> benchmarks, CopyDetector detector, Consumer<String> log)
            throws IOException {
        List<TrainingMatrix> training = new ArrayList<>();
        List<TrainingMatrix> validation = new ArrayList<>();
        for (Path benchmark : benchmarks) {
            Matrices matrices = of(benchmark, detector, log);
            training.addAll(matrices.training());
            validation.addAll(matrices.validation());
        }
        return new Matrices(training, validation);
    }

    private static Matrices of(Path benchmark, CopyDetector detector, Consumer<String> log) throws IOException {
        GroundTruth truth = GroundTruth.read(benchmark);
        double step = detector.gridStep();
        Map<String, VideoFeatures> references = new HashMap<>();
        try {
            for (GroundTruth.Reference reference : truth.references()) {
                references.put(reference.id(), detector.referenceFeatures(benchmark.resolve(reference.file())));
            }
        } catch (IngestException e) {
            throw new IllegalArgumentException("a reference of the benchmark was refused: " + e.getMessage(), e);
        }
        List<TrainingMatrix> training = new ArrayList<>();
        List<TrainingMatrix> validation = new ArrayList<>();
        for (GroundTruth.Query query : truth.queries()) {
            // The query in every view the pipeline matches it in (mirrored, regions), each cell the best view's, as
            // served: the detector learns the matrices it will be given.
            List<VideoFeatures> views;
            try {
                views = detector.queryViews(benchmark.resolve(query.file())).views();
            } catch (IngestException e) {
                log.accept("query " + query.id() + " skipped: " + e.getMessage());
                continue;
            }
            boolean heldOut = Math.floorMod(query.id().hashCode(), 100) < HELD_OUT_PERCENT;
            for (GroundTruth.Reference reference : truth.references()) {
                SimilarityMatrix matrix = SimilarityMatrix.between(views, references.get(reference.id()), step).matrix();
                (heldOut ? validation : training).add(new TrainingMatrix(matrix, copies(query, reference, step)));
            }
            log.accept("matrices of " + query.id());
        }
        return new Matrices(training, validation);
    }

    /** The copies of {@code reference} that {@code query} holds, in cells of a grid of {@code step} seconds. */
    public static List<GridCopy> copies(GroundTruth.Query query, GroundTruth.Reference reference, double step) {
        List<GridCopy> copies = new ArrayList<>();
        for (GroundTruth.Copy copy : query.copies()) {
            if (copy.reference().equals(reference.id())) {
                copies.add(new GridCopy(SimilarityMatrix.edge(copy.queryStart(), step),
                        SimilarityMatrix.edge(copy.queryEnd(), step), SimilarityMatrix.edge(copy.referenceStart(), step),
                        SimilarityMatrix.edge(copy.referenceEnd(), step), copy.reversed()));
            }
        }
        return copies;
    }
}
