package org.vcd.train.embedder;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.vcd.ingest.FrameEmbedder;
import org.vcd.ingest.IngestConfig;
import org.vcd.ingest.IngestException;
import org.vcd.domain.VideoFeatures;
import org.vcd.ingest.VideoIngest;
import org.vcd.ingest.cnn.CnnEmbedder;

/**
 * Frames held in memory for training: decoded by the project's own ingest (so they are scaled exactly as served
 * frames are), or still images scaled the same way (the whole picture squeezed to a square), flat ones left out.
 *
 * @param side    side of every square BGR frame
 * @param frames  packed BGR pixels, {@code side * side * 3} bytes each
 * @param video   index of the video each frame comes from (each still image is a video of its own)
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

    /** Whether frames {@code a} and {@code b} may show the same picture: one video's, less than the window apart. */
    public boolean near(int a, int b, double nearSeconds) {
        return video[a] == video[b] && Math.abs(seconds[a] - seconds[b]) < nearSeconds;
    }

    /**
     * {@code n} frames drawn at random, each (a few tries) not near one drawn before it; a near one left in is for the
     * loss to mask.
     */
    public int[] pick(int n, double nearSeconds, Random random) {
        int[] picked = new int[n];
        for (int k = 0; k < n; k++) {
            int frame = random.nextInt(size());
            for (int tries = 0; tries < 10 && nearAny(frame, picked, k, nearSeconds); tries++) {
                frame = random.nextInt(size());
            }
            picked[k] = frame;
        }
        return picked;
    }

    private boolean nearAny(int frame, int[] picked, int count, double nearSeconds) {
        for (int k = 0; k < count; k++) {
            if (near(frame, picked[k], nearSeconds)) {
                return true;
            }
        }
        return false;
    }

    /** A frame of another video than {@code frame}'s (a few tries), the background of a picture-in-picture. */
    public byte[] otherVideo(int frame, Random random) {
        int other = random.nextInt(size());
        for (int tries = 0; tries < 10 && video[other] == video[frame]; tries++) {
            other = random.nextInt(size());
        }
        return frames.get(other);
    }

    /** These frames and then {@code more}'s, whose videos are numbered after these. */
    public TrainingFrames and(TrainingFrames more) {
        if (more.side != side) {
            throw new IllegalArgumentException("frames of " + more.side + " px added to frames of " + side);
        }
        int offset = Arrays.stream(video).max().orElse(-1) + 1;
        List<byte[]> all = new ArrayList<>(frames);
        all.addAll(more.frames);
        return new TrainingFrames(side, all, IntStream.concat(Arrays.stream(video),
                Arrays.stream(more.video).map(v -> v + offset)).toArray(),
                IntStream.range(0, all.size()).mapToDouble(f -> f < size() ? seconds[f] : more.seconds[f - size()])
                        .toArray());
    }

    /** The JPEG and PNG files under {@code folder}, in name order. */
    public static List<Path> imageFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
            }).sorted().toList();
        }
    }

    /**
     * Reads still images (JPEG, PNG), each scaled whole to {@code side} x {@code side} as the decoder scales video
     * frames, transparency over mid grey; one a video of its own. Images under half the side (icons, sprites) and files
     * that do not read are skipped.
     */
    public static TrainingFrames images(List<Path> files, int side, Consumer<String> log) {
        List<byte[]> frames = new ArrayList<>();
        int skipped = 0;
        int small = 0;
        for (Path file : files) {
            BufferedImage image = readScaled(file, side);
            if (image == null) {
                skipped++;
                continue;
            }
            if (image == SMALL) {
                small++;
                continue;
            }
            BufferedImage square = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = square.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.GRAY);
            g.fillRect(0, 0, side, side);
            g.drawImage(image, 0, 0, side, side, null);
            g.dispose();
            byte[] bgr = ((DataBufferByte) square.getRaster().getDataBuffer()).getData();
            if (!CnnEmbedder.flat(bgr)) {
                frames.add(bgr);
            }
        }
        log.accept(String.format(Locale.ROOT, "%d images of %d files (%d smaller than %d px, %d unreadable)",
                frames.size(), files.size(), small, side / 2, skipped));
        return new TrainingFrames(side, frames, IntStream.range(0, frames.size()).toArray(), new double[frames.size()]);
    }

    /** Stands for an image too small to train on. */
    private static final BufferedImage SMALL = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);

    /**
     * The image, subsampled while it is read to no less than twice {@code side} (wallpapers are 4K); {@link #SMALL}
     * when a side is under half of {@code side}.
     */
    private static BufferedImage readScaled(Path file, int side) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                if (Math.min(reader.getWidth(0), reader.getHeight(0)) < side / 2) {
                    return SMALL;
                }
                int step = Math.max(1, Math.min(reader.getWidth(0), reader.getHeight(0)) / (2 * side));
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
