package org.vcd.ingest;

import java.util.List;

/**
 * Hand-crafted frame descriptor that needs no trained weights: the low-frequency 2-D DCT of a small,
 * contrast-normalised grey picture (the frame's layout of light and dark) followed by a 4x4 layout of
 * chroma relative to the frame's mean colour. Dropping the DC term and normalising the grey picture
 * makes it indifferent to brightness and contrast changes; low frequencies survive re-encoding, scaling,
 * blur and noise. Frames with no structure (black or flat screens) get a zero vector, so they match
 * nothing instead of matching every other flat frame.
 */
public final class ClassicEmbedder implements FrameEmbedder {

    /** Name recorded in stores, so a store filled by one descriptor refuses queries from another. */
    public static final String NAME = "classic-dct-v1";
    /** Side of the grey picture the DCT runs on. */
    public static final int GREY_SIZE = 32;
    private static final int DCT_SIZE = 8;
    private static final int CHROMA_GRID = 4;
    /** Weight of the chroma layout against the unit-norm DCT part; chroma is less reliable under recolouring. */
    private static final float CHROMA_WEIGHT = 2.0f;
    /** Grey standard deviation (0..1 scale) below which a frame counts as flat. */
    public static final double FLAT_STD = 2.0 / 255.0;
    public static final int DIMENSION = DCT_SIZE * DCT_SIZE - 1 + 2 * CHROMA_GRID * CHROMA_GRID;
    /** Input side it is used at: 2x2 pixels per grey cell average away compression noise, and cost little. */
    public static final int INPUT_SIZE = 64;

    private final int frameSize;
    private final double[][] cosine = new double[DCT_SIZE][GREY_SIZE];
    // Scratch buffers: one embedder per thread, no allocation per frame but the result.
    private final double[] grey = new double[GREY_SIZE * GREY_SIZE];
    private final double[] rowPass = new double[GREY_SIZE * DCT_SIZE];

    public ClassicEmbedder() {
        this(INPUT_SIZE);
    }

    /** @param frameSize side of the square BGR picture given to {@link #embed}; a multiple of 32 */
    public ClassicEmbedder(int frameSize) {
        if (frameSize <= 0 || frameSize % GREY_SIZE != 0) {
            throw new IllegalArgumentException("frame size must be a positive multiple of " + GREY_SIZE);
        }
        this.frameSize = frameSize;
        for (int u = 0; u < DCT_SIZE; u++) {
            double alpha = u == 0 ? Math.sqrt(1.0 / GREY_SIZE) : Math.sqrt(2.0 / GREY_SIZE);
            for (int x = 0; x < GREY_SIZE; x++) {
                cosine[u][x] = alpha * Math.cos(Math.PI * (2 * x + 1) * u / (2.0 * GREY_SIZE));
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public int inputSize() {
        return frameSize;
    }

    @Override
    public float[][] embed(List<byte[]> frames) {
        float[][] vectors = new float[frames.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = embed(frames.get(i));
        }
        return vectors;
    }

    /**
     * @param bgr packed 8-bit BGR pixels, {@code frameSize * frameSize * 3} bytes, rows top to bottom
     * @return an L2-normalised vector, or all zeros for a flat frame
     */
    public float[] embed(byte[] bgr) {
        if (bgr.length != frameSize * frameSize * 3) {
            throw new IllegalArgumentException("expected " + frameSize + "x" + frameSize + " BGR pixels");
        }
        float[] out = new float[DIMENSION];
        if (!fillContrastNormalisedGrey(bgr)) {
            return out;
        }
        int n = 0;
        for (int y = 0; y < GREY_SIZE; y++) {
            for (int u = 0; u < DCT_SIZE; u++) {
                double s = 0;
                for (int x = 0; x < GREY_SIZE; x++) {
                    s += cosine[u][x] * grey[y * GREY_SIZE + x];
                }
                rowPass[y * DCT_SIZE + u] = s;
            }
        }
        double dctNorm = 0;
        for (int v = 0; v < DCT_SIZE; v++) {
            for (int u = 0; u < DCT_SIZE; u++) {
                if (u == 0 && v == 0) {
                    continue;
                }
                double s = 0;
                for (int y = 0; y < GREY_SIZE; y++) {
                    s += cosine[v][y] * rowPass[y * DCT_SIZE + u];
                }
                // Natural pictures' DCT amplitude falls about as 1/frequency: weighting by frequency flattens
                // the spectrum, so the coarsest coefficients (shared by most pictures) stop dominating.
                s *= Math.hypot(u, v);
                out[n++] = (float) s;
                dctNorm += s * s;
            }
        }
        float dctScale = (float) (1.0 / Math.sqrt(dctNorm));
        for (int i = 0; i < n; i++) {
            out[i] *= dctScale;
        }
        addChromaLayout(bgr, out, n);
        normalise(out);
        return out;
    }

    /** Averages the picture down to 32x32 grey, zero mean and unit variance; false when it is flat. */
    private boolean fillContrastNormalisedGrey(byte[] bgr) {
        int block = frameSize / GREY_SIZE;
        double sum = 0;
        double sumSq = 0;
        for (int gy = 0; gy < GREY_SIZE; gy++) {
            for (int gx = 0; gx < GREY_SIZE; gx++) {
                double s = 0;
                for (int dy = 0; dy < block; dy++) {
                    int p = ((gy * block + dy) * frameSize + gx * block) * 3;
                    for (int dx = 0; dx < block; dx++, p += 3) {
                        s += 0.114 * (bgr[p] & 0xff) + 0.587 * (bgr[p + 1] & 0xff) + 0.299 * (bgr[p + 2] & 0xff);
                    }
                }
                double g = s / (block * block * 255.0);
                grey[gy * GREY_SIZE + gx] = g;
                sum += g;
                sumSq += g * g;
            }
        }
        int count = GREY_SIZE * GREY_SIZE;
        double mean = sum / count;
        double std = Math.sqrt(Math.max(0, sumSq / count - mean * mean));
        if (std < FLAT_STD) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            grey[i] = (grey[i] - mean) / std;
        }
        return true;
    }

    /** Appends mean Cb and Cr of each 4x4 cell, minus the frame's mean chroma, at {@code out[offset..]}. */
    private void addChromaLayout(byte[] bgr, float[] out, int offset) {
        int cell = frameSize / CHROMA_GRID;
        int cells = CHROMA_GRID * CHROMA_GRID;
        double meanCb = 0;
        double meanCr = 0;
        for (int cy = 0; cy < CHROMA_GRID; cy++) {
            for (int cx = 0; cx < CHROMA_GRID; cx++) {
                double cb = 0;
                double cr = 0;
                for (int y = cy * cell; y < (cy + 1) * cell; y++) {
                    int p = (y * frameSize + cx * cell) * 3;
                    for (int x = 0; x < cell; x++, p += 3) {
                        int b = bgr[p] & 0xff;
                        int g = bgr[p + 1] & 0xff;
                        int r = bgr[p + 2] & 0xff;
                        cb += -0.168736 * r - 0.331264 * g + 0.5 * b;
                        cr += 0.5 * r - 0.418688 * g - 0.081312 * b;
                    }
                }
                double pixels = cell * cell * 255.0;
                int i = cy * CHROMA_GRID + cx;
                out[offset + i] = (float) (cb / pixels);
                out[offset + cells + i] = (float) (cr / pixels);
                meanCb += cb / pixels;
                meanCr += cr / pixels;
            }
        }
        meanCb /= cells;
        meanCr /= cells;
        for (int i = 0; i < cells; i++) {
            out[offset + i] = (float) ((out[offset + i] - meanCb) * CHROMA_WEIGHT);
            out[offset + cells + i] = (float) ((out[offset + cells + i] - meanCr) * CHROMA_WEIGHT);
        }
    }

    private static void normalise(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        float inv = (float) (1.0 / Math.sqrt(s));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }
}
