package org.vcd.train.embedder;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The copy-style edits a training view goes through, in pure Java on packed BGR frames (a {@code TYPE_3BYTE_BGR}
 * image's own buffer): random resized crop, flip, rotation, picture-in-picture on another frame or a border,
 * caption and logo overlays, colour jitter, grayscale, blur, noise and JPEG artefacts. Text is drawn as pen strokes,
 * not with a font, so a machine without fonts gives the same views. Every choice comes from the given Random.
 */
public final class CopyAugmentations {

    private final int sourceSize;
    private final int outputSize;

    /**
     * @param sourceSize side of the square source frames
     * @param outputSize side of the square views made from them
     */
    public CopyAugmentations(int sourceSize, int outputSize) {
        if (sourceSize < 1 || outputSize < 8) {
            throw new IllegalArgumentException("sizes must be positive, the output at least 8 px");
        }
        this.sourceSize = sourceSize;
        this.outputSize = outputSize;
    }

    /** {@code frame} only scaled to the output side: the untouched picture a copy is compared with. */
    public byte[] plain(byte[] frame) {
        BufferedImage out = new BufferedImage(outputSize, outputSize, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image(frame, sourceSize), 0, 0, outputSize, outputSize, null);
        g.dispose();
        return ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    }

    /**
     * One augmented view of {@code frame}.
     *
     * @param frame a source frame, {@code sourceSize^2 * 3} BGR bytes; not changed
     * @param other another video's source frame, the background of a picture-in-picture
     * @return {@code outputSize^2 * 3} BGR bytes
     */
    public byte[] view(byte[] frame, byte[] other, Random random) {
        BufferedImage source = image(frame, sourceSize);
        BufferedImage out = new BufferedImage(outputSize, outputSize, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        // Where the (cropped) frame lands: the whole view, a box inside a border, or a box over another frame.
        double x = 0;
        double y = 0;
        double w = outputSize;
        double h = outputSize;
        double layout = random.nextDouble();
        if (layout < 0.15) {
            g.drawImage(image(other, sourceSize), 0, 0, outputSize, outputSize, null);
            double scale = 0.4 + 0.4 * random.nextDouble();
            w = outputSize * scale;
            h = outputSize * (scale * (0.8 + 0.4 * random.nextDouble()));
            h = Math.min(h, outputSize);
            x = random.nextDouble() * (outputSize - w);
            y = random.nextDouble() * (outputSize - h);
        } else if (layout < 0.3) {
            g.setColor(randomColour(random, random.nextBoolean()));
            g.fillRect(0, 0, outputSize, outputSize);
            double left = margin(random);
            double right = margin(random);
            double top = margin(random);
            double bottom = margin(random);
            x = left * outputSize;
            y = top * outputSize;
            w = outputSize * (1 - left - right);
            h = outputSize * (1 - top - bottom);
        }
        AffineTransform placed = new AffineTransform();
        placed.translate(x + w / 2, y + h / 2);
        if (random.nextDouble() < 0.25) {
            placed.rotate(Math.toRadians((random.nextDouble() * 2 - 1) * 20));
        }
        if (random.nextBoolean()) {
            placed.scale(-1, 1);
        }
        double[] crop = crop(random);
        placed.scale(w / crop[2], h / crop[3]);
        placed.translate(-crop[0] - crop[2] / 2, -crop[1] - crop[3] / 2);
        g.setClip((int) Math.floor(x), (int) Math.floor(y), (int) Math.ceil(w), (int) Math.ceil(h));
        g.drawImage(source, placed, null);
        g.setClip(null);
        if (random.nextDouble() < 0.3) {
            caption(g, random);
        }
        if (random.nextDouble() < 0.25) {
            logo(g, random);
        }
        g.dispose();
        byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        if (random.nextDouble() < 0.8) {
            jitterColour(bgr, random);
        }
        if (random.nextDouble() < 0.15) {
            grayscale(bgr);
        }
        if (random.nextDouble() < 0.25) {
            bgr = pixels(blur(out, 0.6 + 1.6 * random.nextDouble()));
            out = image(bgr, outputSize);
        }
        if (random.nextDouble() < 0.25) {
            noise(bgr, 2 + 12 * random.nextDouble(), random);
        }
        if (random.nextDouble() < 0.35) {
            bgr = jpeg(out, 0.05f + 0.45f * random.nextFloat());
        }
        return bgr;
    }

    /** {x, y, width, height} of a random crop of the source: 25-100% of its area, aspect 3:4 to 4:3. */
    private double[] crop(Random random) {
        if (random.nextDouble() < 0.2) {
            return new double[] {0, 0, sourceSize, sourceSize};
        }
        double area = 0.25 + 0.75 * random.nextDouble();
        double aspect = Math.exp((random.nextDouble() * 2 - 1) * Math.log(4.0 / 3));
        double cw = Math.min(1, Math.sqrt(area * aspect)) * sourceSize;
        double ch = Math.min(1, Math.sqrt(area / aspect)) * sourceSize;
        return new double[] {random.nextDouble() * (sourceSize - cw), random.nextDouble() * (sourceSize - ch), cw, ch};
    }

    /** A border's width as a share of the side: letterbox and pillarbox bands of up to a fifth. */
    private static double margin(Random random) {
        return random.nextDouble() < 0.3 ? 0 : 0.2 * random.nextDouble();
    }

    private static Color randomColour(Random random, boolean dark) {
        int top = dark ? 60 : 256;
        return new Color(random.nextInt(top), random.nextInt(top), random.nextInt(top));
    }

    /** A line of pen-stroke glyphs, optionally on a translucent band, anywhere in the view. */
    private void caption(Graphics2D g, Random random) {
        double glyph = outputSize * (0.05 + 0.08 * random.nextDouble());
        int glyphs = 3 + random.nextInt(10);
        double x0 = random.nextDouble() * Math.max(1, outputSize - glyphs * glyph * 0.8);
        double y0 = random.nextDouble() * (outputSize - glyph);
        if (random.nextBoolean()) {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.5f));
            g.setColor(Color.BLACK);
            g.fillRect(0, (int) (y0 - glyph * 0.2), outputSize, (int) (glyph * 1.4));
            g.setComposite(AlphaComposite.SrcOver);
        }
        g.setColor(random.nextBoolean() ? Color.WHITE : randomColour(random, false));
        g.setStroke(new BasicStroke((float) Math.max(1, glyph / 7)));
        for (int k = 0; k < glyphs; k++) {
            double gx = x0 + k * glyph * 0.8;
            int strokes = 1 + random.nextInt(3);
            for (int s = 0; s < strokes; s++) {
                g.drawLine((int) (gx + random.nextDouble() * glyph * 0.6), (int) (y0 + random.nextDouble() * glyph),
                        (int) (gx + random.nextDouble() * glyph * 0.6), (int) (y0 + random.nextDouble() * glyph));
            }
        }
    }

    /** A translucent mark of a shape or two, as a channel logo, usually near a corner. */
    private void logo(Graphics2D g, Random random) {
        int size = (int) (outputSize * (0.1 + 0.15 * random.nextDouble()));
        int x = random.nextBoolean() ? random.nextInt(outputSize / 8 + 1) : outputSize - size - random.nextInt(
                outputSize / 8 + 1);
        int y = random.nextBoolean() ? random.nextInt(outputSize / 8 + 1) : outputSize - size - random.nextInt(
                outputSize / 8 + 1);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.5f + 0.5f * random.nextFloat()));
        g.setColor(randomColour(random, false));
        if (random.nextBoolean()) {
            g.fillOval(x, y, size, size);
        } else {
            g.fillRoundRect(x, y, size, size, size / 3, size / 3);
        }
        g.setColor(randomColour(random, false));
        g.fillOval(x + size / 4, y + size / 4, size / 2, size / 2);
        g.setComposite(AlphaComposite.SrcOver);
    }

    /** Brightness, contrast, saturation and a per-channel gain (a hue and white-balance shift), in place. */
    private static void jitterColour(byte[] bgr, Random random) {
        double brightness = (random.nextDouble() * 2 - 1) * 0.3 * 255;
        double contrast = 0.6 + 0.8 * random.nextDouble();
        double saturation = 0.4 + 1.2 * random.nextDouble();
        double[] gain = new double[3];
        for (int c = 0; c < 3; c++) {
            gain[c] = 0.85 + 0.3 * random.nextDouble();
        }
        for (int p = 0; p < bgr.length; p += 3) {
            double b = bgr[p] & 0xff;
            double gr = bgr[p + 1] & 0xff;
            double r = bgr[p + 2] & 0xff;
            double luma = 0.114 * b + 0.587 * gr + 0.299 * r;
            double[] v = {b, gr, r};
            for (int c = 0; c < 3; c++) {
                double s = luma + (v[c] - luma) * saturation;
                bgr[p + c] = clamp(((s - 128) * contrast + 128 + brightness) * gain[c]);
            }
        }
    }

    private static void grayscale(byte[] bgr) {
        for (int p = 0; p < bgr.length; p += 3) {
            byte luma = clamp(0.114 * (bgr[p] & 0xff) + 0.587 * (bgr[p + 1] & 0xff) + 0.299 * (bgr[p + 2] & 0xff));
            bgr[p] = luma;
            bgr[p + 1] = luma;
            bgr[p + 2] = luma;
        }
    }

    /** A separable Gaussian blur; the edges, which the kernel cannot cover, keep their pixels. */
    private static BufferedImage blur(BufferedImage in, double sigma) {
        int radius = (int) Math.ceil(2 * sigma);
        float[] weights = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += weights[i + radius];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
        BufferedImage across = new ConvolveOp(new Kernel(weights.length, 1, weights), ConvolveOp.EDGE_NO_OP, null)
                .filter(in, null);
        return new ConvolveOp(new Kernel(1, weights.length, weights), ConvolveOp.EDGE_NO_OP, null)
                .filter(across, null);
    }

    private static void noise(byte[] bgr, double sigma, Random random) {
        for (int p = 0; p < bgr.length; p++) {
            bgr[p] = clamp((bgr[p] & 0xff) + random.nextGaussian() * sigma);
        }
    }

    /** The view through a JPEG encoder at {@code quality} (0 to 1) and back: blocks and ringing. */
    private byte[] jpeg(BufferedImage in, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(stream);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.write(null, new IIOImage(in, null, null), param);
            }
            return pixels(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG round trip in memory failed", e);
        } finally {
            writer.dispose();
        }
    }

    /** The packed BGR bytes of {@code image}, redrawn as {@code TYPE_3BYTE_BGR} when it is another type. */
    private static byte[] pixels(BufferedImage image) {
        BufferedImage bgr = image;
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = bgr.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.dispose();
        }
        return ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    }

    /** A {@code TYPE_3BYTE_BGR} image holding a copy of {@code bgr}, which is that type's own byte layout. */
    static BufferedImage image(byte[] bgr, int side) {
        if (bgr.length != side * side * 3) {
            throw new IllegalArgumentException("expected " + side + "x" + side + " BGR pixels, got " + bgr.length
                    + " bytes");
        }
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
        System.arraycopy(bgr, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, bgr.length);
        return image;
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
    }
}
