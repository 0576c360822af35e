package org.vcd.ingest;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Decodes a video with FFmpeg, samples it on a uniform time grid by presentation timestamp and embeds
 * each sampled frame. The frame shown at grid time t is the last decoded frame whose timestamp is at or
 * before t, as a player would show it; times count from the first decoded frame, so streams whose
 * timestamps do not start at zero line up with those that do.
 */
public final class VideoIngest {

    /** A decoded video may end this much before the duration its container declares (rounding, trailing audio). */
    private static final double TRUNCATION_SLACK_SECONDS = 1.0;
    private static final double TRUNCATION_SLACK_FRACTION = 0.2;

    static {
        // FFmpeg writes its own diagnostics to stderr; callers get one typed error line instead.
        avutil.av_log_set_level(Integer.getInteger("vcd.ffmpeg.loglevel", avutil.AV_LOG_QUIET));
    }

    private final IngestConfig config;

    public VideoIngest(IngestConfig config) {
        this.config = config;
    }

    public IngestConfig config() {
        return config;
    }

    /** Decodes, samples and embeds {@code file}; throws a typed error for anything that is not a whole video. */
    public VideoFeatures ingest(Path file) throws IngestException {
        checkFile(file);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        int size = config.frameSize();
        grabber.setImageWidth(size);
        grabber.setImageHeight(size);
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                throw new IngestException(IngestException.Reason.NOT_A_VIDEO,
                        "not a readable video: " + file.getFileName(), e);
            }
            if (!grabber.hasVideo()) {
                throw new IngestException(IngestException.Reason.NO_VIDEO_STREAM,
                        "no video stream: " + file.getFileName());
            }
            double declared = declaredVideoSeconds(grabber);
            if (declared > config.maxDurationSeconds()) {
                throw new IngestException(IngestException.Reason.TOO_LONG, String.format(
                        "video is %.0f s long, the limit is %.0f s: %s", declared, config.maxDurationSeconds(),
                        file.getFileName()));
            }
            VideoFeatures features = sample(grabber, file);
            if (declared > 0 && features.durationSeconds()
                    < declared * (1 - TRUNCATION_SLACK_FRACTION) - TRUNCATION_SLACK_SECONDS) {
                throw new IngestException(IngestException.Reason.TRUNCATED, String.format(
                        "truncated video: frames end at %.1f s of a declared %.1f s: %s",
                        features.durationSeconds(), declared, file.getFileName()));
            }
            return features;
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception ignored) {
                // Nothing useful to do: the result (or the error) is already decided.
            }
        }
    }

    private void checkFile(Path file) throws IngestException {
        if (!Files.isRegularFile(file)) {
            throw new IngestException(IngestException.Reason.MISSING, "no such file: " + file);
        }
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (java.io.IOException e) {
            throw new IngestException(IngestException.Reason.MISSING, "cannot read file: " + file, e);
        }
        if (bytes == 0) {
            throw new IngestException(IngestException.Reason.EMPTY, "empty file: " + file);
        }
        if (bytes > config.maxFileBytes()) {
            throw new IngestException(IngestException.Reason.TOO_LARGE, String.format(
                    "file is %d bytes, the limit is %d: %s", bytes, config.maxFileBytes(), file));
        }
    }

    private VideoFeatures sample(FFmpegFrameGrabber grabber, Path file) throws IngestException {
        double period = config.samplePeriod();
        Grid grid = new Grid(period, new ClassicEmbedder(config.frameSize()));
        byte[] shown = new byte[config.frameSize() * config.frameSize() * 3];
        long origin = Long.MIN_VALUE;
        double shownAt = Double.NaN;
        double lastStep = 0;
        try {
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                if (frame.image == null || frame.imageWidth <= 0) {
                    continue;
                }
                if (origin == Long.MIN_VALUE) {
                    origin = frame.timestamp;
                }
                double t = (frame.timestamp - origin) / 1e6;
                if (!Double.isNaN(shownAt)) {
                    if (t <= shownAt) {
                        continue; // a duplicate or out-of-order timestamp: keep the frame already shown
                    }
                    lastStep = t - shownAt;
                    grid.fillUntil(t, shown);
                }
                copyPixels(frame, shown);
                shownAt = t;
            }
        } catch (FrameGrabber.Exception e) {
            throw new IngestException(IngestException.Reason.TRUNCATED,
                    "decoding failed part way: " + file.getFileName(), e);
        }
        if (Double.isNaN(shownAt)) {
            throw new IngestException(IngestException.Reason.NO_FRAMES, "no decodable frames: " + file.getFileName());
        }
        // The last frame shows for as long as the one before it did (or one grid step for a single frame).
        double end = shownAt + (lastStep > 0 ? lastStep : period);
        grid.fillUntil(end, shown);
        return grid.features(end);
    }

    /** The grid points sampled so far, each with the vector of the frame shown at its time. */
    private static final class Grid {
        private final double period;
        private final ClassicEmbedder embedder;
        private final List<Double> times = new ArrayList<>();
        private final List<float[]> vectors = new ArrayList<>();
        private int next;

        Grid(double period, ClassicEmbedder embedder) {
            this.period = period;
            this.embedder = embedder;
        }

        /** Every grid point before {@code until} showed {@code shown}, embedded once however many points it covers. */
        void fillUntil(double until, byte[] shown) {
            float[] vector = null;
            for (double g = next * period; g < until; g = ++next * period) {
                if (vector == null) {
                    vector = embedder.embed(shown);
                }
                times.add(g);
                vectors.add(vector);
            }
        }

        VideoFeatures features(double duration) {
            double[] timestamps = times.stream().mapToDouble(Double::doubleValue).toArray();
            return new VideoFeatures(duration, timestamps, vectors.toArray(new float[0][]));
        }
    }

    /** Copies a BGR frame into a packed buffer, dropping any row padding FFmpeg added. */
    private void copyPixels(Frame frame, byte[] target) {
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        int rowBytes = config.frameSize() * 3;
        for (int y = 0; y < config.frameSize(); y++) {
            pixels.get(y * frame.imageStride, target, y * rowBytes, rowBytes);
        }
    }

    /** The video stream's declared duration in seconds, the container's when the stream has none, or 0. */
    private static double declaredVideoSeconds(FFmpegFrameGrabber grabber) {
        var context = grabber.getFormatContext();
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO
                    && stream.duration() != avutil.AV_NOPTS_VALUE && stream.duration() > 0) {
                return stream.duration() * avutil.av_q2d(stream.time_base());
            }
        }
        long micros = grabber.getLengthInTime();
        return micros > 0 ? micros / 1e6 : 0;
    }
}
