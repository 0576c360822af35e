package org.vcd.ingest;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Plain FFmpeg decoding, the yardstick for ingest speed: every frame decoded and scaled by FFmpeg's scaler to the
 * size ingest uses, nothing else.
 */
public final class PlainDecode {

    private PlainDecode() {
    }

    /** Decodes every frame of {@code file} to {@code frameSize} x {@code frameSize} BGR24; returns how many. */
    public static long frames(Path file, int frameSize) throws IngestException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setImageWidth(frameSize);
        grabber.setImageHeight(frameSize);
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
            long frames = 0;
            for (Frame frame; (frame = grabber.grabImage()) != null; ) {
                if (frame.image != null) {
                    frames++;
                }
            }
            return frames;
        } catch (FrameGrabber.Exception e) {
            throw new IngestException(IngestException.Reason.NOT_A_VIDEO, "cannot decode: " + file.getFileName(), e);
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception ignored) {
                // The count (or the error) is already decided.
            }
        }
    }
}
