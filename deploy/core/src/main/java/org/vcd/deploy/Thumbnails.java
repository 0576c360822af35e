package org.vcd.deploy;

import java.awt.Color;
import java.awt.Graphics2D;
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
import org.vcd.ingest.QueryRegion;

/** JPEG stills of a video at given times: the side-by-side frames a moderator compares. */
public final class Thumbnails {

    /** The outline around the region of the query a copy was found in: magenta, which footage seldom shows. */
    public static final Color OUTLINE = new Color(255, 0, 255);

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
        return jpegs(video, seconds, width, new QueryRegion[seconds.length]);
    }

    /**
     * As {@link #jpegs(Path, double[], int)}, each frame with {@code outlines[i]} (where not null) outlined in
     * {@link #OUTLINE}: the part of a query's frame a copy was found in.
     */
    public static List<byte[]> jpegs(Path video, double[] seconds, int width, QueryRegion[] outlines)
            throws IOException {
        if (outlines.length != seconds.length) {
            throw new IllegalArgumentException(outlines.length + " outlines for " + seconds.length + " times");
        }
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
                    out[order[next]] = jpeg(last, outlines[order[next]]); // shown at that time: the previous frame
                    next++;
                }
                last = copy(converter.convert(frame));
            }
            if (last == null) {
                throw new IOException("no video frames in " + video);
            }
            while (next < order.length) {
                out[order[next]] = jpeg(last, outlines[order[next]]); // past the end: the last frame
                next++;
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

    private static byte[] jpeg(BufferedImage image, QueryRegion outline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(outline == null ? image : outlined(image, outline), "jpg", out);
        return out.toByteArray();
    }

    /**
     * A copy of {@code image} with {@code region}'s border drawn just inside it, a 1/80 of the width thick (at least 2
     * pixels: JPEG halves the colour resolution, and a 1-pixel line loses its colour).
     */
    static BufferedImage outlined(BufferedImage image, QueryRegion region) {
        BufferedImage copy = copy(image); // the same decoded frame may be shown at several times, outlined or not
        int w = image.getWidth();
        int h = image.getHeight();
        int left = (int) Math.round(region.x() * w);
        int top = (int) Math.round(region.y() * h);
        int right = Math.min(w, (int) Math.round((region.x() + region.width()) * w));
        int bottom = Math.min(h, (int) Math.round((region.y() + region.height()) * h));
        int thickness = Math.max(2, Math.round(w / 80f));
        Graphics2D g = copy.createGraphics();
        try {
            g.setColor(OUTLINE);
            g.fillRect(left, top, right - left, thickness);
            g.fillRect(left, bottom - thickness, right - left, thickness);
            g.fillRect(left, top, thickness, bottom - top);
            g.fillRect(right - thickness, top, thickness, bottom - top);
        } finally {
            g.dispose();
        }
        return copy;
    }
}
