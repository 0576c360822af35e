package org.vcd.train.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.ingest.cnn.CnnEmbedder;
import org.vcd.ingest.cnn.EmbedderModel;
import org.vcd.tensorflow.SavedModels;
import org.vcd.testdata.SyntheticVideo;
import org.vcd.train.embedder.TrainingFrames;

/**
 * A whole build on a hand-made package (one 1x1 convolution from RGB to 8 channels, ReLU6) and generated videos:
 * the provenance recorded, the head centring the features, the same bytes twice, a clear refusal.
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
            4, 0, 2);

    @TempDir
    Path work;

    @Test
    void buildsACentredEmbedderWithItsProvenance() throws IOException {
        Path npmPackage = tinyPackage();
        List<Path> videos = videos();
        Path out = work.resolve("model");
        BackboneEmbedder.Outcome outcome = BackboneEmbedder.build(npmPackage, videos, CONFIG, out, line -> { });
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
        BackboneEmbedder.build(npmPackage, videos, CONFIG, again, line -> { });
        assertArrayEquals(Files.readAllBytes(out.resolve("variables/variables.data-00000-of-00001")),
                Files.readAllBytes(again.resolve("variables/variables.data-00000-of-00001")), "the same bytes");
    }

    @Test
    void refusesAFolderThatIsNotThePackage() throws IOException {
        Path npmPackage = tinyPackage();
        IOException e = assertThrows(IOException.class, () -> BackboneEmbedder.build(npmPackage.resolve("dist"),
                videos(), CONFIG, work.resolve("model"), line -> { }));
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
