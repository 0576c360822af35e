package org.vcd.train.embedder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.vcd.ingest.FrameEmbedder;
import org.vcd.ingest.IngestConfig;
import org.vcd.ingest.IngestException;
import org.vcd.domain.VideoFeatures;
import org.vcd.ingest.VideoIngest;
import org.vcd.ingest.cnn.CnnEmbedder;

/**
 * Frames held in memory for training: decoded by the project's own ingest (so they are scaled exactly as served
 * frames are), flat ones left out.
 *
 * @param side    side of every square BGR frame
 * @param frames  packed BGR pixels, {@code side * side * 3} bytes each
 * @param video   index of the video each frame comes from
 * @param seconds time of each frame in its video
 */
public record TrainingFrames(int side, List<byte[]> frames, int[] video, double[] seconds) {

    public TrainingFrames {
        frames = List.copyOf(frames);
        if (video.length != frames.size() || seconds.length != frames.size()) {
            throw new IllegalArgumentException("one video index and time per frame");
        }
    }

    public int size() {
        return frames.size();
    }

    /** Distinct videos among the frames. */
    public int videos() {
        return (int) Arrays.stream(video).distinct().count();
    }

    /**
     * Decodes {@code files} at {@code sampleRate} fps, each frame scaled by FFmpeg to {@code side} x {@code side}; a
     * file ingest refuses is reported to {@code log} and skipped.
     */
    public static TrainingFrames decode(List<Path> files, int side, double sampleRate, Consumer<String> log) {
        Capture capture = new Capture(side);
        VideoIngest ingest = new VideoIngest(IngestConfig.DEFAULT.withSampleRate(sampleRate), () -> capture);
        List<byte[]> frames = new ArrayList<>();
        List<Integer> videos = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (int v = 0; v < files.size(); v++) {
            capture.frames.clear();
            VideoFeatures features;
            try {
                features = ingest.ingest(files.get(v));
            } catch (IngestException e) {
                log.accept("skipped " + files.get(v) + ": " + e.getMessage());
                continue;
            }
            int kept = 0;
            int last = -1;
            for (int k = 0; k < features.frameCount(); k++) {
                int index = (int) features.vectors()[k][0];
                if (index != last && !CnnEmbedder.flat(capture.frames.get(index))) {
                    frames.add(capture.frames.get(index));
                    videos.add(v);
                    times.add(features.timestamps()[k]);
                    kept++;
                }
                last = index;
            }
            log.accept(files.get(v).getFileName() + ": " + kept + " frames");
        }
        return new TrainingFrames(side, frames, videos.stream().mapToInt(Integer::intValue).toArray(),
                times.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Keeps a copy of each decoded frame; its "vector" is the frame's index among them, so the grid times ingest
     * assigns lead back to the pictures.
     */
    private static final class Capture implements FrameEmbedder {
        private final int side;
        private final List<byte[]> frames = new ArrayList<>();

        Capture(int side) {
            this.side = side;
        }

        @Override
        public String name() {
            return "capture";
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public int inputSize() {
            return side;
        }

        @Override
        public float[][] embed(List<byte[]> batch) {
            float[][] indices = new float[batch.size()][];
            for (int i = 0; i < batch.size(); i++) {
                indices[i] = new float[] {frames.size()};
                frames.add(batch.get(i).clone());
            }
            return indices;
        }
    }
}
