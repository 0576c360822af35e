package org.vcd.ingest;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/** The reference the ingest benchmark compares against: FFmpeg decoding and scaling alone, nothing else. */
public final class PlainDecode {

    private PlainDecode() {
    }

    /** Decodes every frame of {@code file}, scaled by FFmpeg to frameSize x frameSize BGR24; returns how many. */
    public static long frames(Path file, int frameSize) throws IngestException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setImageWidth(frameSize);
        grabber.setImageHeight(frameSize);
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
            long frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            return frames;
        } catch (FrameGrabber.Exception e) {
            throw new IngestException(IngestException.Reason.NOT_A_VIDEO, "cannot decode " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception ignored) {
                // Only the count matters; release failures change nothing.
            }
        }
    }
}
