package org.vcd.train.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.ingest.cnn.CnnEmbedder;
import org.vcd.ingest.cnn.EmbedderModel;
import org.vcd.tensorflow.SavedModels;
import org.vcd.testdata.SyntheticVideo;
import org.vcd.train.TrainingLoop;
import org.vcd.train.TrainingRun;
import org.vcd.train.embedder.TrainingFrames;

/**
 * Whole builds on a hand-made package (one 1x1 convolution from RGB to 8 channels, ReLU6) and generated videos and
 * images: the provenance recorded, the fitted head centring the features, the trained head's run recorded, the same
 * bytes twice, a clear refusal.
 */
class BackboneEmbedderTest {

    /** 24 kernel weights: byte k stands for -1 + k / 128, so every channel mixes the colours its own way. */
    private static final String TOPOLOGY = "a.exports={modelTopology:{model_config:{class_name:\"Model\",config:{"
            + "layers:[{name:\"input_1\",class_name:\"InputLayer\",config:{},inbound_nodes:[]},"
            + "{name:\"conv\",class_name:\"Conv2D\",config:{strides:[1,1],padding:\"same\",activation:\"linear\","
            + "use_bias:!1},inbound_nodes:[[[\"input_1\",0,0,{}]]]},"
            + "{name:\"relu\",class_name:\"ReLU\",config:{max_value:6,negative_slope:0,threshold:0},"
            + "inbound_nodes:[[[\"conv\",0,0,{}]]]}]}}},weightsManifest:[{paths:[\"group1-shard1of1\"],weights:["
            + "{name:\"conv/kernel\",shape:[1,1,3,8],dtype:\"float32\",quantization:{min:-1,scale:.0078125,"
            + "dtype:\"uint8\"}}]}]}";
    private static final BackboneEmbedderConfig CONFIG = new BackboneEmbedderConfig("tiny", "relu", 32, "symmetric", 3,
            4, 0, 2, null);

    @TempDir
    Path work;

    @Test
    void buildsACentredEmbedderWithItsProvenance() throws IOException {
        Path npmPackage = tinyPackage();
        List<Path> videos = videos();
        Path out = work.resolve("model");
        BackboneEmbedder.Outcome outcome = BackboneEmbedder.build(npmPackage, videos, List.of(), CONFIG, out,
                line -> { });
        assertEquals(3, outcome.videos());
        assertTrue(outcome.keptVariance() > 0.5 && outcome.keptVariance() <= 1.0001, "" + outcome.keptVariance());

        EmbedderModel description = SavedModels.readDescription(out, EmbedderModel.FILE, EmbedderModel.class);
        assertEquals(32, description.inputSize());
        assertEquals(4, description.dimension());
        Map<?, ?> backbone = (Map<?, ?>) description.training().get("backbone");
        assertEquals("tiny-package", backbone.get("package"));
        assertEquals("9.9.9", backbone.get("version"));
        assertEquals("MIT", backbone.get("licence"));
        Path topology = npmPackage.resolve("dist/models/tiny").resolve(TfjsModel.TOPOLOGY_FILE);
        assertEquals(SavedModels.sha256(List.of(topology)),
                ((Map<?, ?>) backbone.get("sha256")).get("dist/models/tiny/" + TfjsModel.TOPOLOGY_FILE));

        // Centred on the training frames' mean: frames of different videos are no longer all alike.
        TrainingFrames frames = TrainingFrames.decode(videos, 32, 2, line -> { });
        try (CnnEmbedder embedder = CnnEmbedder.load(out, "mobilenet")) {
            float[][] vectors = embedder.embed(frames.frames());
            double sum = 0;
            int pairs = 0;
            for (int a = 0; a < vectors.length; a++) {
                assertEquals(1, VideoFeatures.dot(vectors[a], vectors[a]), 1e-4, "unit length");
                for (int b = 0; b < vectors.length; b++) {
                    if (frames.video()[a] != frames.video()[b]) {
                        sum += VideoFeatures.dot(vectors[a], vectors[b]);
                        pairs++;
                    }
                }
            }
            assertTrue(sum / pairs < 0.3, "mean cosine across videos " + sum / pairs);
        }

        Path again = work.resolve("again");
        BackboneEmbedder.build(npmPackage, videos, List.of(), CONFIG, again, line -> { });
        assertArrayEquals(Files.readAllBytes(out.resolve("variables/variables.data-00000-of-00001")),
                Files.readAllBytes(again.resolve("variables/variables.data-00000-of-00001")), "the same bytes");
    }

    /** The trained head on frames and images: unit vectors, its run and config recorded. */
    @Test
    void trainsAProjectionHeadOnFramesAndImages() throws IOException {
        Path npmPackage = tinyPackage();
        List<Path> images = images(24);
        HeadTrainingConfig head = new HeadTrainingConfig(new TrainingRun(3, 60, 5, 8, 1e-2f), 48, 2, 16, 0.1f, 4);
        BackboneEmbedderConfig config = CONFIG.withHead(head);
        Path out = work.resolve("trained");
        BackboneEmbedder.Outcome outcome = BackboneEmbedder.build(npmPackage, videos(), images, config, out,
                line -> { });
        assertEquals(24, outcome.images());
        assertTrue(Double.isNaN(outcome.keptVariance()), "no principal components with a trained head");
        EmbedderModel description = SavedModels.readDescription(out, EmbedderModel.FILE, EmbedderModel.class);
        assertEquals(4, description.dimension());
        assertEquals(60, description.training().get("steps"));
        assertEquals(24, description.training().get("images"));
        Map<?, ?> recorded = (Map<?, ?>) ((Map<?, ?>) description.training().get("config")).get("head");
        assertEquals(16, recorded.get("hidden"));
        assertEquals(3, recorded.get("seed"));
        assertTrue(Files.isRegularFile(out.resolve(TrainingLoop.LOG)));

        // Not asked for the same bytes twice: the seed fixes the views, batches and initial weights, but the
        // optimiser's sums are not always in one order, and on this tiny package a rebuild's embeddings drift by up to
        // 0.02 in cosine (docs/BENCHMARKS.md, "Trained projection head").
        TrainingFrames stills = TrainingFrames.images(images, 32, line -> { });
        try (CnnEmbedder embedder = CnnEmbedder.load(out, "mobilenet")) {
            for (float[] v : embedder.embed(stills.frames())) {
                assertEquals(1, VideoFeatures.dot(v, v), 1e-4, "unit length");
            }
        }
    }

    @Test
    void refusesAFolderThatIsNotThePackage() throws IOException {
        Path npmPackage = tinyPackage();
        IOException e = assertThrows(IOException.class, () -> BackboneEmbedder.build(npmPackage.resolve("dist"),
                videos(), List.of(), CONFIG, work.resolve("model"), line -> { }));
        assertTrue(e.getMessage().contains("not an unpacked npm package"), e.getMessage());
    }

    private Path tinyPackage() throws IOException {
        Path npmPackage = work.resolve("package");
        byte[] kernel = new byte[24];
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] = (byte) ((k * 53 + 17) % 256);
        }
        TfjsFiles.write(npmPackage.resolve("dist/models/tiny"), TOPOLOGY, kernel);
        Files.writeString(npmPackage.resolve("package.json"),
                "{\"name\": \"tiny-package\", \"version\": \"9.9.9\", \"license\": \"MIT\"}");
        return npmPackage;
    }

    /** Coloured pictures of blocks, each its own, as PNG files. */
    private List<Path> images(int count) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            Random random = new Random(i);
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    int block = (y / 12) * 8 + x / 8;
                    image.setRGB(x, y, new Random(i * 100L + block).nextInt(0x1000000) ^ random.nextInt(16));
                }
            }
            Path file = work.resolve("images").resolve("i" + i + ".png");
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
            files.add(file);
        }
        return files;
    }

    private List<Path> videos() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            Path file = work.resolve("v" + v + ".mp4");
            if (!Files.exists(file)) {
                SyntheticVideo.write(file, 300 + v, 4, 160, 120, 10);
            }
            files.add(file);
        }
        return files;
    }
}
