package org.vcd.testdata;

import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.Frame;

/** Mono sound through an FFmpeg audio filter graph ({@code atempo=1.25}, {@code asetrate=...,aresample=...}). */
public final class AudioFilters {

    private AudioFilters() {
    }

    /** {@code samples} at {@code rate} through {@code graph}, which must give mono samples at {@code rate} back. */
    public static float[] apply(float[] samples, int rate, String graph) throws FrameFilter.Exception {
        FFmpegFrameFilter filter = new FFmpegFrameFilter(graph, 1);
        filter.setSampleRate(rate);
        filter.setSampleFormat(avutil.AV_SAMPLE_FMT_FLT);
        float[] out = new float[samples.length];
        int written = 0;
        try {
            filter.start();
            int chunk = rate / 10;
            for (int start = 0; ; start += chunk) {
                boolean flush = start >= samples.length;
                if (flush) {
                    filter.push(null); // end of stream: the filters give what they hold
                } else {
                    filter.pushSamples(0, 1, rate, avutil.AV_SAMPLE_FMT_FLT, FloatBuffer.wrap(
                            Arrays.copyOfRange(samples, start, Math.min(samples.length, start + chunk))));
                }
                for (Frame frame; (frame = filter.pullSamples()) != null; ) {
                    float[] pulled = floats(frame.samples[0]);
                    if (written + pulled.length > out.length) {
                        out = Arrays.copyOf(out, Math.max(out.length * 2, written + pulled.length));
                    }
                    System.arraycopy(pulled, 0, out, written, pulled.length);
                    written += pulled.length;
                }
                if (flush) {
                    break;
                }
            }
            filter.stop();
        } finally {
            filter.release();
        }
        return Arrays.copyOf(out, written);
    }

    private static float[] floats(Buffer buffer) {
        if (buffer instanceof FloatBuffer floats) {
            float[] out = new float[floats.remaining()];
            floats.duplicate().get(out);
            return out;
        }
        ShortBuffer shorts = ((ShortBuffer) buffer).duplicate();
        float[] out = new float[shorts.remaining()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shorts.get() / 32768f;
        }
        return out;
    }
}
