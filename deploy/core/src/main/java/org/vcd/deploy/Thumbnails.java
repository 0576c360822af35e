package org.vcd.deploy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/** JPEG stills of a video at given times: the side-by-side frames a moderator compares. */
public final class Thumbnails {

    private Thumbnails() {
    }

    /**
     * One JPEG per time in {@code seconds} (clamped into the video), {@code width} pixels wide with the video's
     * aspect ratio: the frame shown at that time. Decodes forward from the start rather than seeking, because a fast seek can land on
     * undecodable (green) frames in some files; times are visited in order, so this is one pass.
     *
     * @throws IOException when the file cannot be read as a video
     */
    public static List<byte[]> jpegs(Path video, double[] seconds, int width) throws IOException {
        if (!Files.isRegularFile(video)) {
            throw new IOException("no video file at " + video);
        }
        Integer[] order = new Integer[seconds.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(seconds[a], seconds[b]));
        byte[][] out = new byte[seconds.length][];
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
                throw new IOException("no video stream in " + video);
            }
            // FFmpeg's scaler shrinks each decoded frame, so converting every frame stays cheap.
            grabber.setImageHeight(Math.max(1, Math.round((float) grabber.getImageHeight() * width
                    / grabber.getImageWidth())));
            grabber.setImageWidth(width);
            BufferedImage last = null;
            long origin = Long.MIN_VALUE;
            int next = 0;
            Frame frame;
            while (next < order.length && (frame = grabber.grabImage()) != null) {
                if (origin == Long.MIN_VALUE) {
                    origin = frame.timestamp;
                }
                double t = (frame.timestamp - origin) / 1e6;
                while (next < order.length && seconds[order[next]] < t && last != null) {
                    out[order[next++]] = jpeg(last); // the frame shown at that time was the previous one
                }
                last = copy(converter.convert(frame));
            }
            if (last == null) {
                throw new IOException("no video frames in " + video);
            }
            while (next < order.length) {
                out[order[next++]] = jpeg(last); // past the end: the last frame
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot decode " + video + ": " + e.getMessage(), e);
        }
        return new ArrayList<>(List.of(out));
    }

    /** The converter reuses its image between frames, so keep a copy of the one we may still need. */
    private static BufferedImage copy(BufferedImage image) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        copy.getGraphics().drawImage(image, 0, 0, null);
        return copy;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
