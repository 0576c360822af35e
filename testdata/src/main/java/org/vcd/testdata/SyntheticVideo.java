package org.vcd.testdata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Generated footage for tests: a seeded sequence of scenes, 2 to 4 s each, cut hard from one to the
 * next. Each scene is a texture of its own (five coloured gratings of 0.5 to 4 cycles per frame and five
 * soft colour blobs, so the coarse layout of light, dark and colour that frame descriptors see differs
 * between scenes, plus a faint fine grating for the encoder to chew on) seen through a camera that
 * slowly pans and zooms, with three hard-edged shapes moving across it. Frames a second apart in one
 * scene are related but not alike. The same seed gives the same pixels on every run, and the same
 * pictures at any size and frame rate: geometry is in frame units and motion in seconds.
 */
public final class SyntheticVideo {

    /** Extra texture around the visible frame, so the camera can pan and zoom without running off it. */
    private static final double TEXTURE_MARGIN = 1.6;
    private static final double MIN_SCENE_SECONDS = 2.0;
    private static final double MAX_SCENE_SECONDS = 4.0;
    /** MPEG-4 Part 2 quantiser for generated originals: visually clean, about 300 kB per 10 s at 320x240. */
    static final int ORIGINAL_QSCALE = 3;

    static {
        // FFmpeg describes every file it writes on stderr; keep test output readable, as VideoIngest does.
        avutil.av_log_set_level(Integer.getInteger("vcd.ffmpeg.loglevel", avutil.AV_LOG_QUIET));
    }

    private SyntheticVideo() {
    }

    /**
     * Writes {@code seconds} of footage to {@code out}, in the container its extension names (mp4, mkv,
     * avi, mov: all hold the built-in MPEG-4 Part 2 encoder's output).
     *
     * @param width  even, at least 16
     * @param height even, at least 16
     */
    public static void write(Path out, long seed, double seconds, int width, int height, double fps)
            throws IOException {
        if (!(seconds > 0) || !(fps > 0)) {
            throw new IllegalArgumentException("seconds and fps must be positive");
        }
        int frames = (int) Math.round(seconds * fps);
        FFmpegFrameRecorder recorder = startRecorder(out, width, height, fps, ORIGINAL_QSCALE);
        try {
            Renderer renderer = new Renderer(seed, width, height);
            byte[] bgr = new byte[width * height * 3];
            Frame frame = newFrame(width, height);
            for (int n = 0; n < frames; n++) {
                renderer.render(n / fps, bgr);
                fill(frame, bgr);
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        } finally {
            recorder.release();
        }
    }

    /** Start times in seconds of the scenes a video of this seed and length shows; the first is 0. */
    public static List<Double> sceneStarts(long seed, double seconds) {
        ScenePlan plan = new ScenePlan(seed);
        plan.extendPast(seconds);
        return plan.starts.stream().filter(t -> t < seconds).toList();
    }

    /** A recorder for {@code out} writing yuv420p MPEG-4 Part 2 at a fixed quantiser, one thread, deterministic. */
    static FFmpegFrameRecorder startRecorder(Path out, int width, int height, double fps, int qscale)
            throws IOException {
        return startRecorder(out, width, height, fps, qscale, 0, 0);
    }

    /**
     * As {@link #startRecorder(Path, int, int, double, int)}, with a mono AAC sound track of {@code sampleRate}
     * samples a second at {@code audioBitrate} bits a second; none when {@code sampleRate} is 0.
     */
    static FFmpegFrameRecorder startRecorder(Path out, int width, int height, double fps, int qscale, int sampleRate,
            int audioBitrate) throws IOException {
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("width and height must be even and at least 16: " + width + "x" + height);
        }
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), width, height, sampleRate > 0 ? 1 : 0);
        if (sampleRate > 0) {
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(sampleRate);
            recorder.setAudioBitrate(audioBitrate);
        }
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setVideoQuality(qscale);
        // A keyframe every second keeps seeking cheap for readers that sample sparsely.
        recorder.setGopSize(Math.max(1, (int) Math.round(fps)));
        // Slice threading would make the bitstream depend on the machine's core count.
        recorder.setVideoOption("threads", "1");
        try {
            recorder.start();
        } catch (IOException e) {
            recorder.release();
            throw e;
        }
        return recorder;
    }

    static Frame newFrame(int width, int height) {
        return new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    }

    /** Copies packed BGR rows into the frame's buffer, which may have padded rows. */
    static void fill(Frame frame, byte[] bgr) {
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        int rowBytes = frame.imageWidth * 3;
        for (int y = 0; y < frame.imageHeight; y++) {
            pixels.put(y * frame.imageStride, bgr, y * rowBytes, rowBytes);
        }
    }

    /**
     * The seeded cut list: scene k has its own seed and a length of 2 to 4 s, drawn in that order, so a
     * longer video of the same seed starts with the same scenes as a shorter one.
     */
    private static final class ScenePlan {

        private final SplittableRandom random;
        /** Start of each planned scene, plus the end of the last one. */
        final List<Double> starts = new ArrayList<>(List.of(0.0));
        final List<Long> seeds = new ArrayList<>();

        ScenePlan(long seed) {
            random = new SplittableRandom(seed);
        }

        /** Plans scenes until one ends after {@code t}. */
        void extendPast(double t) {
            while (starts.get(starts.size() - 1) <= t) {
                seeds.add(random.nextLong());
                starts.add(starts.get(starts.size() - 1) + random.nextDouble(MIN_SCENE_SECONDS, MAX_SCENE_SECONDS));
            }
        }

        /** Index of the scene showing at {@code t}. */
        int sceneAt(double t) {
            extendPast(t);
            int i = starts.size() - 2;
            while (starts.get(i) > t) {
                i--;
            }
            return i;
        }
    }

    /**
     * Draws the frame shown at any time of one seed's footage into a packed BGR buffer. The current
     * scene is kept, so rendering in time order builds each texture once.
     */
    static final class Renderer {

        private final int width;
        private final int height;
        private final ScenePlan plan;
        private Scene scene;
        private int sceneIndex = -1;

        Renderer(long seed, int width, int height) {
            this.width = width;
            this.height = height;
            this.plan = new ScenePlan(seed);
        }

        void render(double t, byte[] bgr) {
            int index = plan.sceneAt(t);
            if (index != sceneIndex) {
                scene = new Scene(plan.seeds.get(index), plan.starts.get(index), plan.starts.get(index + 1),
                        width, height);
                sceneIndex = index;
            }
            scene.render(t, bgr);
        }
    }

    /** A hard-edged disc or box moving at constant speed; position and size in frame units. */
    private record Shape(boolean round, double x, double y, double vx, double vy, double size, byte b, byte g,
            byte r) {

        static Shape random(SplittableRandom random) {
            double angle = random.nextDouble(2 * Math.PI);
            double speed = random.nextDouble(0.08, 0.2);
            return new Shape(random.nextBoolean(), random.nextDouble(0.15, 0.85), random.nextDouble(0.15, 0.85),
                    speed * StrictMath.cos(angle), speed * StrictMath.sin(angle), random.nextDouble(0.12, 0.3),
                    (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) random.nextInt(256));
        }

        void draw(double seconds, byte[] bgr, int width, int height) {
            double cx = (x + vx * seconds) * width;
            double cy = (y + vy * seconds) * height;
            double half = size * height / 2;
            int y0 = Math.max(0, (int) Math.ceil(cy - half));
            int y1 = Math.min(height - 1, (int) Math.floor(cy + half));
            for (int py = y0; py <= y1; py++) {
                double reach = round ? Math.sqrt(Math.max(0, half * half - (py - cy) * (py - cy))) : half;
                int x0 = Math.max(0, (int) Math.ceil(cx - reach));
                int x1 = Math.min(width - 1, (int) Math.floor(cx + reach));
                for (int p = (py * width + x0) * 3, px = x0; px <= x1; px++, p += 3) {
                    bgr[p] = b;
                    bgr[p + 1] = g;
                    bgr[p + 2] = r;
                }
            }
        }
    }

    /** One scene: its texture, the camera's path over it and the moving shapes. */
    private static final class Scene {

        private static final int GRATINGS = 5;
        private static final int BLOBS = 5;
        private static final int SHAPES = 3;
        private static final int FIXED_ONE = 1 << 16;

        private final double start;
        private final double length;
        private final int width;
        private final int height;
        private final int textureWidth;
        private final int textureHeight;
        /** Packed BGR, textureWidth x textureHeight. */
        private final byte[] texture;
        private final double x0;
        private final double y0;
        private final double x1;
        private final double y1;
        private final double zoom0;
        private final double zoom1;
        private final List<Shape> shapes = new ArrayList<>();
        /** Per output column, the texel offset and 16-bit fraction to sample; the same for every row of a frame. */
        private final int[] columnOffset;
        private final int[] columnFraction;

        Scene(long seed, double start, double end, int width, int height) {
            this.start = start;
            this.length = end - start;
            this.width = width;
            this.height = height;
            this.textureWidth = (int) Math.ceil(width * TEXTURE_MARGIN);
            this.textureHeight = (int) Math.ceil(height * TEXTURE_MARGIN);
            this.columnOffset = new int[width];
            this.columnFraction = new int[width];
            SplittableRandom random = new SplittableRandom(seed);
            this.texture = paintTexture(random);
            // Camera centre in texture pixels; 2 px inside the range where a zoom-1 view stays on the texture.
            double minX = width / 2.0 + 2;
            double maxX = textureWidth - width / 2.0 - 2;
            double minY = height / 2.0 + 2;
            double maxY = textureHeight - height / 2.0 - 2;
            this.x0 = random.nextDouble(minX, maxX);
            this.y0 = random.nextDouble(minY, maxY);
            // A slow pan: at most a fifth of the frame over the scene.
            this.x1 = clamp(x0 + random.nextDouble(-0.2, 0.2) * width, minX, maxX);
            this.y1 = clamp(y0 + random.nextDouble(-0.2, 0.2) * height, minY, maxY);
            this.zoom0 = random.nextDouble(1.0, 1.3);
            this.zoom1 = random.nextDouble(1.0, 1.3);
            for (int i = 0; i < SHAPES; i++) {
                shapes.add(Shape.random(random));
            }
        }

        /**
         * Sums separable terms (sin(a+b) = sin a cos b + cos a sin b; a Gaussian is a product of two), so
         * each texel costs a few multiply-adds and no transcendental functions. Coordinates are in frame
         * widths, so frequencies are cycles per frame width at zoom 1. StrictMath, because Math's sin, cos
         * and exp may differ in the last bit between JVMs, and the pixels must not.
         */
        private byte[] paintTexture(SplittableRandom random) {
            int tw = textureWidth;
            int th = textureHeight;
            int terms = GRATINGS + 1 + BLOBS;
            // Per term: a colour (B, G, R amplitudes), and factors per column (a, b) and per row (c, d):
            // the term at (x, y) is a[x] * c[y] + b[x] * d[y].
            double[][] colour = new double[terms][];
            double[][] a = new double[terms][tw];
            double[][] b = new double[terms][tw];
            double[][] c = new double[terms][th];
            double[][] d = new double[terms][th];
            for (int k = 0; k < terms; k++) {
                if (k <= GRATINGS) {
                    boolean fine = k == GRATINGS;
                    // Coarse gratings set the layout; one faint fine grating is texture the descriptor ignores.
                    double frequency = fine ? random.nextDouble(12, 24) : random.nextDouble(0.5, 4.0);
                    double angle = random.nextDouble(Math.PI);
                    double phase = random.nextDouble(2 * Math.PI);
                    double fx = 2 * Math.PI * frequency * StrictMath.cos(angle) / width;
                    double fy = 2 * Math.PI * frequency * StrictMath.sin(angle) / width;
                    for (int x = 0; x < tw; x++) {
                        a[k][x] = StrictMath.sin(fx * x);
                        b[k][x] = StrictMath.cos(fx * x);
                    }
                    for (int y = 0; y < th; y++) {
                        c[k][y] = StrictMath.cos(fy * y + phase);
                        d[k][y] = StrictMath.sin(fy * y + phase);
                    }
                    colour[k] = fine ? grey(random.nextDouble(8, 14)) : tinted(random, random.nextDouble(20, 40));
                } else {
                    double cx = random.nextDouble(tw);
                    double cy = random.nextDouble(th);
                    double sigma = random.nextDouble(0.07, 0.18) * width;
                    for (int x = 0; x < tw; x++) {
                        a[k][x] = StrictMath.exp(-(x - cx) * (x - cx) / (2 * sigma * sigma));
                    }
                    for (int y = 0; y < th; y++) {
                        c[k][y] = StrictMath.exp(-(y - cy) * (y - cy) / (2 * sigma * sigma));
                    }
                    colour[k] = new double[] {
                        random.nextDouble(-90, 90), random.nextDouble(-90, 90), random.nextDouble(-90, 90)};
                }
            }
            double[] base = {random.nextDouble(70, 185), random.nextDouble(70, 185), random.nextDouble(70, 185)};
            byte[] out = new byte[tw * th * 3];
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    double vb = base[0];
                    double vg = base[1];
                    double vr = base[2];
                    for (int k = 0; k < terms; k++) {
                        double v = a[k][x] * c[k][y] + b[k][x] * d[k][y];
                        vb += colour[k][0] * v;
                        vg += colour[k][1] * v;
                        vr += colour[k][2] * v;
                    }
                    int p = (y * tw + x) * 3;
                    out[p] = toByte(vb);
                    out[p + 1] = toByte(vg);
                    out[p + 2] = toByte(vr);
                }
            }
            return out;
        }

        /** Mostly a change of lightness, with some colour so that chroma has a layout too. */
        private static double[] tinted(SplittableRandom random, double amplitude) {
            double[] c = new double[3];
            for (int i = 0; i < 3; i++) {
                c[i] = amplitude * (1 + random.nextDouble(-0.6, 0.6));
            }
            return c;
        }

        private static double[] grey(double amplitude) {
            return new double[] {amplitude, amplitude, amplitude};
        }

        /** Samples the texture bilinearly in 16.16 fixed point along the camera path, then draws the shapes. */
        void render(double t, byte[] bgr) {
            double s = t - start;
            double u = s / length;
            double zoom = zoom0 + (zoom1 - zoom0) * u;
            double cx = x0 + (x1 - x0) * u;
            double cy = y0 + (y1 - y0) * u;
            long step = Math.round(FIXED_ONE / zoom);
            long sx = Math.round((cx + (0.5 - width / 2.0) / zoom - 0.5) * FIXED_ONE);
            for (int x = 0; x < width; x++, sx += step) {
                columnOffset[x] = (int) (sx >> 16) * 3;
                columnFraction[x] = (int) (sx & (FIXED_ONE - 1));
            }
            int rowBytes = textureWidth * 3;
            for (int y = 0, p = 0; y < height; y++) {
                long sy = Math.round((cy + (y + 0.5 - height / 2.0) / zoom - 0.5) * FIXED_ONE);
                int top = (int) (sy >> 16) * rowBytes;
                int fy = (int) (sy & (FIXED_ONE - 1));
                for (int x = 0; x < width; x++) {
                    int q = top + columnOffset[x];
                    int fx = columnFraction[x];
                    bgr[p++] = bilinear(q, rowBytes, fx, fy);
                    bgr[p++] = bilinear(q + 1, rowBytes, fx, fy);
                    bgr[p++] = bilinear(q + 2, rowBytes, fx, fy);
                }
            }
            for (Shape shape : shapes) {
                shape.draw(s, bgr, width, height);
            }
        }

        /** One channel of the texel at {@code q} blended with its right, lower and lower-right neighbours. */
        private byte bilinear(int q, int rowBytes, int fx, int fy) {
            int t00 = texture[q] & 0xff;
            int t01 = texture[q + 3] & 0xff;
            int t10 = texture[q + rowBytes] & 0xff;
            int t11 = texture[q + rowBytes + 3] & 0xff;
            int upper = t00 + ((t01 - t00) * fx >> 16);
            int lower = t10 + ((t11 - t10) * fx >> 16);
            return (byte) (upper + ((lower - upper) * fy >> 16));
        }

        private static byte toByte(double v) {
            return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
        }

        private static double clamp(double v, double min, double max) {
            return Math.max(min, Math.min(max, v));
        }
    }
}
