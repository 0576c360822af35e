package org.vcd.matcher;

/**
 * How a store keeps its frame vectors. Frames are L2-normalised, so every component lies in [-1, 1]:
 * {@link #INT8} keeps {@code round(127 * x)} per component (a fixed scale, the same for every embedder and frame,
 * so that byte dot products rank stored frames as the float ones would and a stored byte means the same in every
 * store) and gives back {@code b / 127}. The rounding error is at most 1/254 per component; measured on real frames
 * in docs/BENCHMARKS.md.
 */
public enum VectorEncoding {

    /** Four bytes per component, exact. */
    FLOAT32("float32"),
    /** One byte per component, scalar-quantized with the fixed scale {@link #INT8_SCALE}. */
    INT8("int8");

    /** What new Lucene stores use: a quarter of float32's bytes at a similarity error measured in docs/BENCHMARKS.md. */
    public static final VectorEncoding DEFAULT = INT8;

    /** The byte that stands for component 1.0. */
    public static final float INT8_SCALE = 127f;

    private final String label;

    VectorEncoding(String label) {
        this.label = label;
    }

    /** The name recorded in stores and printed by {@code vcd store stats}. */
    public String label() {
        return label;
    }

    /** The encoding named {@code label}. */
    public static VectorEncoding named(String label) {
        for (VectorEncoding encoding : values()) {
            if (encoding.label.equals(label)) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("unknown vector encoding '" + label + "'; allowed: float32, int8");
    }

    /** {@code vector} quantized to bytes, components clamped to [-1, 1]. */
    public static byte[] quantize(float[] vector) {
        byte[] bytes = new byte[vector.length];
        for (int i = 0; i < vector.length; i++) {
            bytes[i] = (byte) Math.round(Math.max(-1f, Math.min(1f, vector[i])) * INT8_SCALE);
        }
        return bytes;
    }

    /** The float vector a quantized one stands for. */
    public static float[] dequantize(byte[] bytes) {
        float[] vector = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            vector[i] = bytes[i] / INT8_SCALE;
        }
        return vector;
    }

    /** The vector a store of this encoding gives back for {@code vector}. */
    public float[] roundTrip(float[] vector) {
        return this == FLOAT32 ? vector : dequantize(quantize(vector));
    }

    @Override
    public String toString() {
        return label;
    }
}
