package org.vcd.detector.spd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.vcd.detector.Localizer;
import org.vcd.domain.Segment;
import org.vcd.detector.spd.TileTranslator.InputTile;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.tensorflow.SavedModels;
import org.vcd.tensorflow.ServedModel;

/**
 * The segment pattern detector (SPD): a single-shot grid detector over tiles of the similarity matrix, served by
 * DJL's TensorFlow engine from a SavedModel trained by the train module's {@code DetectorTrainer}, through
 * {@link TileTranslator}. All tiles of all matrices given at once go through the model in one call, so one query's
 * candidates cost one inference.
 */
public final class SegmentDetector implements Localizer, AutoCloseable {

    /** Where the committed default model lives on the class path: trained on the classic descriptor's matrices. */
    static final String DEFAULT_MODEL = "/org/vcd/detector/spd/model/";
    /** The committed model trained on the fused descriptor's matrices (classic and pretrained side by side). */
    static final String FUSED_MODEL = "/org/vcd/detector/spd/fused/";

    /** The files of a SavedModel folder plus the detector's own description. */
    static final List<String> MODEL_FILES = Stream.concat(SavedModels.FILES.stream(), Stream.of(DetectorModel.FILE))
            .toList();

    private final ServedModel<DetectorModel, List<InputTile>, float[][]> model;
    private final SegmentDetectorConfig config;
    private final DetectorInput.Channels channels = new DetectorInput.Channels();

    private SegmentDetector(ServedModel<DetectorModel, List<InputTile>, float[][]> model,
                            SegmentDetectorConfig config) {
        this.model = model;
        this.config = config;
    }

    /** Loads the detector saved in {@code folder} (a SavedModel plus {@value DetectorModel#FILE}). */
    public static SegmentDetector load(Path folder, SegmentDetectorConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        return new SegmentDetector(ServedModel.load(folder, DetectorModel.FILE, DetectorModel.class,
                description -> new TileTranslator()), config);
    }

    /** The committed default model, copied from the class path to a temporary folder that is removed at exit. */
    public static SegmentDetector loadDefault(SegmentDetectorConfig config) {
        return loadCommitted(DEFAULT_MODEL, "default", config);
    }

    /** The committed default model's folder, copied from the class path to a temporary folder removed at exit. */
    public static Path unpackDefault() throws IOException {
        return SavedModels.unpack(SegmentDetector.class, DEFAULT_MODEL, List.of(DetectorModel.FILE));
    }

    /** The committed model trained on fused matrices, as {@link #loadDefault} loads the default one. */
    public static SegmentDetector loadFused(SegmentDetectorConfig config) {
        return loadCommitted(FUSED_MODEL, "fused", config);
    }

    private static SegmentDetector loadCommitted(String resources, String which, SegmentDetectorConfig config) {
        try {
            return load(SavedModels.unpack(SegmentDetector.class, resources, List.of(DetectorModel.FILE)), config);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the " + which + " detector model", e);
        }
    }

    public DetectorModel description() {
        return model.description();
    }

    @Override
    public List<Segment> localize(SimilarityMatrix matrix) {
        return localizeAll(List.of(matrix)).get(0);
    }

    @Override
    public List<List<Segment>> localizeAll(List<SimilarityMatrix> matrices) {
        List<List<Box>> boxes = boxes(matrices);
        List<List<Segment>> all = new ArrayList<>(matrices.size());
        for (int m = 0; m < matrices.size(); m++) {
            SimilarityMatrix matrix = matrices.get(m);
            List<Segment> segments = new ArrayList<>();
            for (Box box : boxes.get(m)) {
                double score = model.description().calibration().apply(box.score());
                boolean longEnough = Math.max(box.queryLength(), box.referenceLength()) >= config.minLength();
                if (score >= config.minScore() && longEnough && segments.size() < config.maxSegments()) {
                    segments.add(matrix.segment(box.queryStart(), box.queryEnd(), box.referenceStart(),
                            box.referenceEnd(), Math.min(1, Math.max(0, score))));
                }
            }
            segments.sort(Comparator.comparingDouble(Segment::score).reversed());
            all.add(segments);
        }
        return all;
    }

    /**
     * The detected copies of each matrix in grid cells, with raw scores, best first: every tile's boxes merged
     * across tiles, snapped to the matrix's lines when configured, then boxes inside better ones dropped again
     * (snapped pieces of one copy now coincide).
     */
    List<List<Box>> boxes(List<SimilarityMatrix> matrices) {
        List<DetectorInput> inputs = matrices.stream().map(channels::of).toList();
        List<List<Box>> raw = rawBoxes(inputs, config.candidateScore());
        List<List<Box>> boxes = new ArrayList<>(matrices.size());
        for (int m = 0; m < matrices.size(); m++) {
            List<Box> merged = Box.merge(raw.get(m), config.mergeOverlap(), config.maxOverlap());
            if (config.snapToLines()) {
                DetectorInput input = inputs.get(m);
                merged = Box.suppress(merged.stream()
                        .map(b -> LineFit.refine(b, input, config.dimLine(), config.brightLine(), config.bestGap(),
                                config.lookAlikeGap())).toList(),
                        config.maxOverlap());
            }
            boxes.add(merged);
        }
        return boxes;
    }

    /** Every tile's decoded boxes at or above raw objectness {@code minScore}, per matrix, not yet merged. */
    List<List<Box>> rawBoxes(List<DetectorInput> inputs, double minScore) {
        List<Integer> owners = new ArrayList<>(); // the matrix of each tile
        List<InputTile> tiles = new ArrayList<>();
        List<List<Box>> boxes = new ArrayList<>();
        for (int m = 0; m < inputs.size(); m++) {
            DetectorInput input = inputs.get(m);
            boxes.add(new ArrayList<>());
            if (input.rows() == 0 || input.columns() == 0) {
                continue;
            }
            for (Tile tile : Tile.covering(input.rows(), input.columns(), Grid.TILE)) {
                // A line in a tile this dark would be snapped and weighed down to nothing: skip the network there.
                if (config.snapToLines() && input.brightest(tile, Grid.TILE) < config.dimLine()) {
                    continue;
                }
                owners.add(m);
                tiles.add(new InputTile(input, tile));
            }
        }
        for (int from = 0; from < tiles.size(); from += config.batchTiles()) {
            List<InputTile> batch = tiles.subList(from, Math.min(tiles.size(), from + config.batchTiles()));
            float[][] grids = model.predict(batch);
            for (int t = 0; t < batch.size(); t++) {
                InputTile tile = batch.get(t);
                Grid.decode(grids[t], tile.tile(), tile.input().rows(), tile.input().columns(), minScore,
                        boxes.get(owners.get(from + t)));
            }
        }
        return boxes;
    }

    @Override
    public void close() {
        model.close();
        channels.close();
    }
}
