package org.vcd.train.keyframe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vcd.deploy.CopyDetector;
import org.vcd.ingest.IngestException;
import org.vcd.domain.VideoFeatures;
import org.vcd.testdata.GroundTruth;
import org.vcd.train.detector.DetectorTrainingData;

/**
 * The learned keyframe selector's training pairs: every query (in the pipeline's views, as at check time) against
 * every reference of a generated benchmark, the references sampled densely (at {@code sampleRate}, before any
 * keyframe is dropped), each pair with the copies its ground truth says it holds, in grid cells.
 */
public final class KeyframeTrainingData {

    private KeyframeTrainingData() {
    }

    /** The pairs of several benchmarks, one after another. */
    public static List<KeyframeExample> of(List<Path> benchmarks, CopyDetector detector, double sampleRate,
                                           Consumer<String> log) throws IOException {
        List<KeyframeExample> examples = new ArrayList<>();
        for (Path benchmark : benchmarks) {
            examples.addAll(of(benchmark, detector, sampleRate, log));
        }
        return examples;
    }

    private static List<KeyframeExample> of(Path benchmark, CopyDetector detector, double sampleRate,
                                           Consumer<String> log) throws IOException {
        GroundTruth truth = GroundTruth.read(benchmark);
        double step = detector.gridStep();
        Map<String, VideoFeatures> references = new HashMap<>();
        try {
            for (GroundTruth.Reference reference : truth.references()) {
                references.put(reference.id(), detector.sampledFeatures(benchmark.resolve(reference.file()),
                        sampleRate));
            }
        } catch (IngestException e) {
            throw new IllegalArgumentException("a reference of the benchmark was refused: " + e.getMessage(), e);
        }
        List<KeyframeExample> examples = new ArrayList<>();
        for (GroundTruth.Query query : truth.queries()) {
            List<VideoFeatures> views;
            try {
                views = detector.queryViews(benchmark.resolve(query.file())).views();
            } catch (IngestException e) {
                log.accept("query " + query.id() + " skipped: " + e.getMessage());
                continue;
            }
            for (GroundTruth.Reference reference : truth.references()) {
                examples.add(KeyframeExample.of(views, references.get(reference.id()), step,
                        DetectorTrainingData.copies(query, reference, step)));
            }
            log.accept("pairs of " + query.id());
        }
        return examples;
    }
}
