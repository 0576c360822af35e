package org.vcd.tensorflow;

import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/** The graph-mode layers the project's trainers build their networks from (NHWC tensors, weights from a seed). */
public final class Layers {

    private Layers() {
    }

    /**
     * A k x k convolution, stride 1, same padding, with a bias; He-initialised from {@code init}. Without the
     * activation it is an output head: weights start 10x smaller and the first output's bias at {@code firstBias}.
     */
    public static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, int in, int out, int k, Random init,
                                         boolean activate, float firstBias) {
        return conv(tf, x, in, out, k, 1, init, activate, firstBias);
    }

    /** As {@link #conv(Ops, Operand, int, int, int, Random, boolean, float)} with a stride (downsampling by it). */
    public static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, int in, int out, int k, int stride,
                                         Random init, boolean activate, float firstBias) {
        return conv(tf, x, in, out, k, k, stride, init, activate, firstBias);
    }

    /**
     * A convolution along time only, {@code k} frames wide, over {@code [batch, 1, frames, channels]} (a sequence laid
     * out as an image one row high); otherwise as {@link #conv(Ops, Operand, int, int, int, Random, boolean, float)}.
     */
    public static Operand<TFloat32> temporalConv(Ops tf, Operand<TFloat32> x, int in, int out, int k, Random init,
                                                 boolean activate, float firstBias) {
        return conv(tf, x, in, out, 1, k, 1, init, activate, firstBias);
    }

    private static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, int in, int out, int height, int width,
                                          int stride, Random init, boolean activate, float firstBias) {
        float[] w = new float[height * width * in * out];
        double std = Math.sqrt(2.0 / (height * width * in));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (init.nextGaussian() * std * (activate ? 1 : 0.1));
        }
        float[] b = new float[out];
        b[0] = firstBias;
        Operand<TFloat32> filter = tf.variable(tf.constant(Shape.of(height, width, in, out), DataBuffers.of(w)));
        Operand<TFloat32> bias = tf.variable(tf.constant(Shape.of(out), DataBuffers.of(b)));
        Operand<TFloat32> y = tf.nn.biasAdd(tf.nn.conv2d(x, filter,
                List.of(1L, (long) stride, (long) stride, 1L), "SAME"), bias);
        return activate ? tf.nn.leakyRelu(y, LeakyRelu.alpha(0.1f)) : y;
    }

    /** A fully connected layer without activation ({@code [batch, in]} to {@code [batch, out]}), Glorot-initialised. */
    public static Operand<TFloat32> dense(Ops tf, Operand<TFloat32> x, int in, int out, Random init) {
        Operand<TFloat32> weights = tf.variable(tf.constant(Shape.of(in, out), DataBuffers.of(glorot(in, out, init))));
        Operand<TFloat32> bias = tf.variable(tf.constant(Shape.of(out), DataBuffers.of(new float[out])));
        return tf.math.add(tf.linalg.matMul(x, weights), bias);
    }

    /** Glorot-normal initial weights of a fully connected layer, {@code [in][out]} flattened. */
    public static float[] glorot(int in, int out, Random init) {
        float[] w = new float[in * out];
        double std = Math.sqrt(2.0 / (in + out));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (init.nextGaussian() * std);
        }
        return w;
    }

    /** 2 x 2 max-pooling, stride 2. */
    public static Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    }
}
