package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vcd.domain.Segment;
import org.vcd.ingest.FrameEmbedder;
import org.vcd.domain.VideoFeatures;
import org.vcd.keyframe.KeyframeSelector;
import org.vcd.keyframe.LearnedKeyframes;
import org.vcd.domain.SimilarityMatrix;

/**
 * The committed models' outputs on fixed inputs, against a fixture recorded before the models' serving code was
 * restructured: a change to how a model is loaded, fed or read that alters what it computes fails here. The
 * fixture is rewritten only on purpose ({@code -Dvcd.fixture.write=DIR}, the test resources folder), when the
 * committed weights or what a model's output means change (twice so far: segment ends moved half a grid step
 * outwards, {@code SimilarityMatrix.segment}; the learned keyframe selector and its detector retrained on long
 * programmes and the training benchmark, docs/BENCHMARKS.md).
 */
class CommittedModelOutputsTest {

    private static final String FIXTURE = "committed-model-outputs.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the models gave on the inputs below. */
    record Outputs(List<Segment> detector, List<Segment> jointDetector, float[][] cnnVectors,
                   float[] keepProbabilities, double[] keptTimestamps) {
    }

    @Test
    void committedModelsGiveTheRecordedOutputs() throws IOException {
        Outputs actual = compute();
        String write = System.getProperty("vcd.fixture.write");
        if (write != null) {
            JSON.writeValue(Files.createDirectories(Path.of(write, "org/vcd/deploy")).resolve(FIXTURE).toFile(),
                    actual);
        }
        Outputs expected;
        try (InputStream in = CommittedModelOutputsTest.class.getResourceAsStream(FIXTURE)) {
            expected = JSON.readValue(in, Outputs.class);
        }
        assertFalse(expected.detector().isEmpty(), "the fixture's matrix holds copies the detector finds");
        assertSegments(expected.detector(), actual.detector());
        assertSegments(expected.jointDetector(), actual.jointDetector());
        assertEquals(expected.cnnVectors().length, actual.cnnVectors().length);
        for (int i = 0; i < expected.cnnVectors().length; i++) {
            assertArrayEquals(expected.cnnVectors()[i], actual.cnnVectors()[i], 1e-5f, "cnn vector " + i);
        }
        assertArrayEquals(expected.keepProbabilities(), actual.keepProbabilities(), 1e-5f);
        assertArrayEquals(expected.keptTimestamps(), actual.keptTimestamps(), 1e-9);
    }

    private static void assertSegments(List<Segment> expected, List<Segment> actual) {
        assertEquals(expected.size(), actual.size(), () -> "segments: " + actual);
        for (int i = 0; i < expected.size(); i++) {
            Segment e = expected.get(i);
            Segment a = actual.get(i);
            assertArrayEquals(new double[] {e.queryStart(), e.queryEnd(), e.referenceStart(), e.referenceEnd(),
                            e.score()},
                    new double[] {a.queryStart(), a.queryEnd(), a.referenceStart(), a.referenceEnd(), a.score()},
                    1e-5, "segment " + i);
        }
    }

    private static Outputs compute() {
        try (PipelineModels models = new PipelineModels()) {
            SimilarityMatrix matrix = matrix();
            KeyframeSelector learned = Keyframes.named("learned", models);
            FrameEmbedder cnn = Embedders.named("cnn", models).get();
            VideoFeatures video = video();
            float[] keep = ((LearnedKeyframes) learned).keepProbabilities(video);
            return new Outputs(
                    Localizers.named("spd", "classic", Keyframes.named("uniform", models), models).localize(matrix),
                    Localizers.named("spd", "classic", learned, models).localize(matrix),
                    cnn.embed(frames(cnn.inputSize())),
                    keep,
                    learned.select(video).timestamps());
        }
    }

    /**
     * 90 query x 140 reference steps of scene-like noise with a plain copy (query 10-40 at reference 60-90), a
     * double-speed one (query 60-80 at reference 0-40) and a bright static block.
     */
    private static SimilarityMatrix matrix() {
        int rows = 90;
        int columns = 140;
        Random random = new Random(7);
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (0.15 + 0.1 * random.nextGaussian());
        }
        for (int k = 0; k <= 30; k++) {
            values[(10 + k) * columns + 60 + k] = (float) (0.85 + 0.05 * random.nextGaussian());
        }
        for (int k = 0; k <= 20; k++) {
            values[(60 + k) * columns + 2 * k] = (float) (0.8 + 0.05 * random.nextGaussian());
        }
        for (int i = 75; i < 85; i++) {
            for (int j = 10; j < 20; j++) {
                values[i * columns + j] = 0.7f;
            }
        }
        return new SimilarityMatrix(rows, columns, values, 1.0, 1.0);
    }

    /** Four frames of smooth colour gradients and stripes, the CNN's input size. */
    private static List<byte[]> frames(int size) {
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            byte[] pixels = new byte[size * size * 3];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int p = (y * size + x) * 3;
                    pixels[p] = (byte) ((x * (f + 1) * 7) & 0xff);
                    pixels[p + 1] = (byte) ((y * 5 + f * 40) & 0xff);
                    pixels[p + 2] = (byte) (((x / (4 + f)) % 2) * 200 + f * 10);
                }
            }
            frames.add(pixels);
        }
        return frames;
    }

    /** 60 s at 2 fps: four scenes of drifting unit vectors, a blank stretch, a still one. */
    private static VideoFeatures video() {
        int frames = 120;
        int dimension = 95;
        Random random = new Random(11);
        double[] timestamps = new double[frames];
        float[][] vectors = new float[frames][];
        float[] scene = unit(random, dimension);
        for (int i = 0; i < frames; i++) {
            timestamps[i] = i * 0.5;
            if (i % 30 == 0) {
                scene = unit(random, dimension);
            }
            if (i >= 40 && i < 48) {
                vectors[i] = new float[dimension];
            } else if (i >= 90) {
                vectors[i] = scene.clone();
            } else {
                float[] v = scene.clone();
                for (int k = 0; k < dimension; k++) {
                    v[k] += (float) (0.2 * random.nextGaussian());
                }
                vectors[i] = normalise(v);
            }
        }
        return new VideoFeatures(frames * 0.5, timestamps, vectors);
    }

    private static float[] unit(Random random, int dimension) {
        float[] v = new float[dimension];
        for (int k = 0; k < dimension; k++) {
            v[k] = (float) random.nextGaussian();
        }
        return normalise(v);
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
