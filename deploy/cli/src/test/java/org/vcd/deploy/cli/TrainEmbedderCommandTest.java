package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vcd.deploy.cli.CliRun.vcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.deploy.Json;
import org.vcd.testdata.Split;
import org.vcd.testdata.SyntheticVideo;

/** {@code vcd train embedder}: trains on the training split only and writes the model folder. */
class TrainEmbedderCommandTest {

    @TempDir
    Path work;

    /** The first file name "clip-N.mp4" that falls in {@code split}. */
    private static String nameIn(Split split, int from) {
        for (int n = from; ; n++) {
            if (Split.ofName("clip-" + n + ".mp4") == split) {
                return "clip-" + n + ".mp4";
            }
        }
    }

    @Test
    void trainsOnTheTrainingSplitAndWritesTheModel() throws IOException {
        Path videos = Files.createDirectories(work.resolve("videos"));
        String first = nameIn(Split.TRAIN, 0);
        String second = nameIn(Split.TRAIN, Integer.parseInt(first.replaceAll("\\D", "")) + 1);
        SyntheticVideo.write(videos.resolve(first), 1, 3, 160, 120, 10);
        SyntheticVideo.write(videos.resolve(second), 2, 3, 160, 120, 10);
        SyntheticVideo.write(videos.resolve(nameIn(Split.EVAL, 0)), 3, 3, 160, 120, 10);
        Path out = work.resolve("model");

        CliRun run = vcd("train", "embedder", "--videos", videos.toString(), "--out", out.toString(), "--steps", "2");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("2 training-split videos"), run.err());
        Map<?, ?> result = Json.MAPPER.readValue(run.out(), Map.class);
        assertEquals(2, result.get("videos"));
        assertEquals(2, result.get("steps"));
        assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
        assertTrue(Files.readString(out.resolve("embedder.json")).contains("\"seed\" : 1"));
        assertEquals(3, Files.readAllLines(out.resolve("training-log.csv")).size(), "header and one line per step");
    }

    @Test
    void aFolderWithoutTrainingVideosIsRefused() throws IOException {
        Path videos = Files.createDirectories(work.resolve("videos"));
        SyntheticVideo.write(videos.resolve(nameIn(Split.EVAL, 0)), 3, 2, 160, 120, 10);
        CliRun run = vcd("train", "embedder", "--videos", videos.toString(), "--out", work.resolve("m").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("vcd: error: training needs frames of at least two videos"), run.err());

        CliRun missing = vcd("train", "embedder", "--videos", work.resolve("nowhere").toString(), "--out",
                work.resolve("m").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("not a folder"), missing.err());
    }

    @Test
    void aHiddenWidthWithoutATrainedHeadIsRefused() throws IOException {
        Path videos = Files.createDirectories(work.resolve("videos"));
        CliRun run = vcd("train", "embedder", "--videos", videos.toString(), "--backbone",
                work.resolve("package").toString(), "--hidden", "64", "--out", work.resolve("m").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("--hidden is for a trained head (--trained-head)"), run.err());
    }
}
