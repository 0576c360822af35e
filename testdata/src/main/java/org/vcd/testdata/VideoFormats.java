package org.vcd.testdata;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Small videos in every container and codec JavaCV's LGPL FFmpeg build can encode, and the odd files
 * ingest must cope with: frames at arbitrary timestamps (variable frame rate, a late start), rotation
 * metadata, audio without video, tiny or absurdly shaped frames. HEVC and Theora can be decoded but not
 * encoded by this build (no libx265, no libtheora), so they cannot be generated here.
 */
public final class VideoFormats {

    /** A container (by file extension) and a video encoder of this FFmpeg build. */
    public enum Format {
        MP4_H264("mp4", "libopenh264", avutil.AV_PIX_FMT_YUV420P),
        MP4_MPEG4("mp4", "mpeg4", avutil.AV_PIX_FMT_YUV420P),
        MKV_VP9("mkv", "libvpx-vp9", avutil.AV_PIX_FMT_YUV420P),
        WEBM_VP8("webm", "libvpx", avutil.AV_PIX_FMT_YUV420P),
        WEBM_AV1("webm", "libaom-av1", avutil.AV_PIX_FMT_YUV420P),
        OGV_VP8("ogv", "libvpx", avutil.AV_PIX_FMT_YUV420P),
        AVI_MPEG4("avi", "mpeg4", avutil.AV_PIX_FMT_YUV420P),
        AVI_MJPEG("avi", "mjpeg", avutil.AV_PIX_FMT_YUVJ420P),
        MOV_MJPEG("mov", "mjpeg", avutil.AV_PIX_FMT_YUVJ420P),
        MPG_MPEG1("mpg", "mpeg1video", avutil.AV_PIX_FMT_YUV420P),
        TS_MPEG2("ts", "mpeg2video", avutil.AV_PIX_FMT_YUV420P),
        TS_MPEG4("ts", "mpeg4", avutil.AV_PIX_FMT_YUV420P);

        public final String extension;
        public final String encoder;
        final int pixelFormat;

        Format(String extension, String encoder, int pixelFormat) {
            this.extension = extension;
            this.encoder = encoder;
            this.pixelFormat = pixelFormat;
        }
    }

    /** Draws frame {@code index} into a packed BGR buffer of the video's size. */
    @FunctionalInterface
    public interface Painter {
        void paint(int index, byte[] bgr);
    }

    private VideoFormats() {
    }

    /** {@code seconds} of {@link SyntheticVideo}'s footage for {@code seed}, at a constant frame rate. */
    public static void write(Path out, Format format, long seed, double seconds, int width, int height, double fps)
            throws IOException {
        int frames = (int) Math.round(seconds * fps);
        long[] timestamps = new long[frames];
        for (int n = 0; n < frames; n++) {
            timestamps[n] = Math.round(n * 1e6 / fps);
        }
        SyntheticVideo.Renderer renderer = new SyntheticVideo.Renderer(seed, width, height);
        write(out, format, width, height, fps, timestamps, 0, (n, bgr) -> renderer.render(n / fps, bgr));
    }

    /**
     * One frame per timestamp, painted by {@code painter}.
     *
     * @param timeBaseRate    the stream's time base is 1 / this (the frame rate of a constant-rate video; 1000 for
     *                        timestamps to the millisecond); each timestamp is rounded to it
     * @param timestamps      presentation time of each frame in microseconds, increasing; may start late
     * @param rotationDegrees display rotation written into the container (counterclockwise, as
     *                        {@code ffmpeg -display_rotation}); 0 for none
     */
    public static void write(Path out, Format format, int width, int height, double timeBaseRate, long[] timestamps,
                             double rotationDegrees, Painter painter) throws IOException {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), width, height, 0);
        recorder.setVideoCodecName(format.encoder);
        recorder.setPixelFormat(format.pixelFormat);
        recorder.setFrameRate(timeBaseRate);
        recorder.setGopSize(12);
        recorder.setVideoQuality(4);
        recorder.setVideoOption("threads", "1");
        // The slow, thorough default settings of the VP9 and AV1 encoders would dominate test time.
        recorder.setVideoOption("deadline", "realtime");
        recorder.setVideoOption("cpu-used", "8");
        if (rotationDegrees != 0) {
            recorder.setDisplayRotation(rotationDegrees);
        }
        try {
            recorder.start();
            byte[] bgr = new byte[width * height * 3];
            Frame frame = SyntheticVideo.newFrame(width, height);
            for (int n = 0; n < timestamps.length; n++) {
                painter.paint(n, bgr);
                SyntheticVideo.fill(frame, bgr);
                recorder.setTimestamp(timestamps[n]);
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        } finally {
            recorder.release();
        }
    }

    /**
     * {@code seconds} of {@link SyntheticVideo}'s footage for {@code seed} (MPEG-4 Part 2 in mp4) with a mono AAC sound
     * track: {@code sound} (full scale +-1, at {@code rate} samples a second, as long as the picture or not) encoded at
     * {@code bitrate} bits a second, interleaved with the frames as a camera would write them.
     */
    public static void writeWithSound(Path out, long seed, double seconds, int width, int height, double fps,
                                      float[] sound, int rate, int bitrate) throws IOException {
        // First, so SyntheticVideo has quietened FFmpeg's log before the recorder describes the file.
        Frame frame = SyntheticVideo.newFrame(width, height);
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), width, height, 1);
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setVideoQuality(SyntheticVideo.ORIGINAL_QSCALE);
        recorder.setVideoOption("threads", "1");
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setSampleRate(rate);
        recorder.setAudioBitrate(bitrate);
        try {
            recorder.start();
            SyntheticVideo.Renderer renderer = new SyntheticVideo.Renderer(seed, width, height);
            byte[] bgr = new byte[width * height * 3];
            int frames = (int) Math.round(seconds * fps);
            int recorded = 0;
            for (int n = 0; n < frames; n++) {
                renderer.render(n / fps, bgr);
                SyntheticVideo.fill(frame, bgr);
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
                int until = n == frames - 1 ? sound.length : Math.min(sound.length, (int) ((n + 1) * rate / fps));
                if (until > recorded) {
                    recorder.recordSamples(rate, 1, FloatBuffer.wrap(Arrays.copyOfRange(sound, recorded, until)));
                    recorded = until;
                }
            }
            recorder.stop();
        } finally {
            recorder.release();
        }
    }

    /** A file with one AAC audio stream (a 440 Hz tone) and no video. */
    public static void writeAudioOnly(Path out, double seconds) throws IOException {
        int rate = 44100;
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), 1);
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setSampleRate(rate);
        recorder.setAudioChannels(1);
        try {
            recorder.start();
            short[] samples = new short[rate / 10];
            for (int block = 0; block < Math.round(seconds * 10); block++) {
                for (int i = 0; i < samples.length; i++) {
                    long n = (long) block * samples.length + i;
                    samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * n / rate));
                }
                recorder.recordSamples(rate, 1, ShortBuffer.wrap(samples));
            }
            recorder.stop();
        } finally {
            recorder.release();
        }
    }
}
