package org.vcd.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.vcd.deploy.StoreLocation;
import org.vcd.matcher.FrameStore;
import org.vcd.matcher.StoreStats;

/**
 * Segment F1 against how many frames the store keeps per second of reference video, one series per keyframe
 * selector, from finished {@code bench run} folders: the trade-off a selector is judged by (fewer stored frames for
 * the same F1), as a Markdown table and a PNG plot. The plot is drawn on a {@link BufferedImage} only, so it needs no
 * display ({@code java.awt.headless}), but its text needs a font installed (Debian's JDK brings DejaVu).
 */
public final class KeyframeCurve {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
    /** Okabe and Ito's colour-blind-safe palette, darkest first; series past its end reuse it. */
    private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), Color.BLACK};
    private static final Color REFERENCE = new Color(0x666666);
    private static final Color GRID = new Color(0xE6E6E6);

    private KeyframeCurve() {
    }

    /**
     * One run on the curve.
     *
     * @param series            the keyframe selector, e.g. {@code uniform}; one line per series
     * @param label             the selector's setting, e.g. {@code stride 2}
     * @param framesPerSecond   stored frames per second of reference video
     * @param bytesPerVideoHour store bytes per hour of reference video
     * @param f1                the run's segment F1
     * @param encoding          how the store keeps vectors ({@code int8}, {@code float32}); bytes compare only
     *                          within one
     */
    public record Point(String series, String label, double framesPerSecond, double bytesPerVideoHour, double f1,
            String encoding) {
    }

    /** A horizontal dashed line across the plot, e.g. the F1 a selector must stay within. */
    public record Reference(double f1, String label) {
    }

    /**
     * The point of one {@code bench run} folder: F1 from its {@link BenchRunner#REPORT_JSON}, frames, video seconds and
     * bytes from its store (opened read-only).
     *
     * @throws IllegalArgumentException when the folder holds no report, no store, or a store without video
     */
    public static Point read(String series, String label, Path run) throws IOException {
        Path report = run.resolve(BenchRunner.REPORT_JSON);
        Path store = run.resolve(BenchRunner.STORE);
        if (!Files.isRegularFile(report)) {
            throw new IllegalArgumentException("not a bench run folder (no " + BenchRunner.REPORT_JSON + "): " + run);
        }
        if (!Files.isDirectory(store)) {
            throw new IllegalArgumentException("not a bench run folder (no " + BenchRunner.STORE + "/): " + run);
        }
        double f1 = BenchRunner.readReport(report).overall().f1();
        if (!Double.isFinite(f1)) {
            throw new IllegalArgumentException("the run's F1 is undefined (NaN): " + report);
        }
        try (FrameStore opened = StoreLocation.folder(store).openForReading()) {
            StoreStats stats = opened.stats();
            if (stats.videoSeconds() <= 0) {
                throw new IllegalArgumentException("the run's store holds no video: " + store);
            }
            return new Point(series, label, stats.frames() / stats.videoSeconds(),
                    stats.bytes() / (stats.videoSeconds() / 3600), f1, opened.encoding().label());
        }
    }

    /** One row per point, by series then stored frames per second. */
    public static String markdown(List<Point> points) {
        StringBuilder md = new StringBuilder("| series | label | stored frames per video second | F1 "
                + "| store MB per video hour | vectors |\n|---|---|---:|---:|---:|---|\n");
        for (Point p : sorted(points)) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.2f | %s |%n", p.series(), p.label(),
                    p.framesPerSecond(), p.f1(), p.bytesPerVideoHour() / 1e6, p.encoding()));
        }
        return md.toString();
    }

    /**
     * The plot as PNG: stored frames per video second across, segment F1 up, each series a line through its points
     * (each marked and labelled), a legend on the right.
     *
     * @param reference a dashed line to draw, or null
     */
    public static byte[] png(List<Point> points, String title, Reference reference) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no points to plot");
        }
        Map<String, List<Point>> series = sorted(points).stream()
                .collect(Collectors.groupingBy(Point::series, TreeMap::new, Collectors.toList()));
        double maxF1 = points.stream().mapToDouble(Point::f1).max().orElseThrow();
        Frame frame = new Frame(Axis.over(points.stream().mapToDouble(Point::framesPerSecond).max().orElseThrow(),
                Double.POSITIVE_INFINITY), Axis.over(Math.max(maxF1, reference == null ? 0 : reference.f1()), 1));

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();

        // Grid lines, ticks and their numbers, the frame, the axis titles and the title.
        for (int i = 0; i <= frame.x().ticks(); i++) {
            int px = (int) Math.round(frame.px(i * frame.x().step()));
            g.setColor(GRID);
            g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
            g.setColor(Color.BLACK);
            g.drawLine(px, HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 5);
            String text = frame.x().format(i * frame.x().step());
            g.drawString(text, px - metrics.stringWidth(text) / 2, HEIGHT - BOTTOM + 8 + metrics.getAscent());
        }
        for (int i = 0; i <= frame.y().ticks(); i++) {
            int py = (int) Math.round(frame.py(i * frame.y().step()));
            g.setColor(GRID);
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            g.setColor(Color.BLACK);
            g.drawLine(LEFT - 5, py, LEFT, py);
            String text = frame.y().format(i * frame.y().step());
            g.drawString(text, LEFT - 8 - metrics.stringWidth(text), py + metrics.getAscent() / 2 - 1);
        }
        g.drawRect(LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT);
        String xTitle = "stored frames per video second";
        g.drawString(xTitle, LEFT + (PLOT_WIDTH - metrics.stringWidth(xTitle)) / 2, HEIGHT - 20);
        String yTitle = "segment F1";
        AffineTransform upright = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yTitle, -(TOP + (PLOT_HEIGHT + metrics.stringWidth(yTitle)) / 2), 25);
        g.setTransform(upright);
        g.setFont(font.deriveFont(Font.BOLD, 16f));
        g.drawString(title, LEFT + (PLOT_WIDTH - g.getFontMetrics().stringWidth(title)) / 2, TOP - 22);
        g.setFont(font);

        if (reference != null) {
            int py = (int) Math.round(frame.py(reference.f1()));
            g.setColor(REFERENCE);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{8, 6}, 0));
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            g.drawString(reference.label(), LEFT + 8, py - 5);
        }

        // One line per series, each point marked and labelled with its setting; a legend entry on the right.
        g.setStroke(new BasicStroke(2f));
        Font small = font.deriveFont(11f);
        int legendX = WIDTH - RIGHT + 20;
        int legendY = TOP + 10;
        int index = 0;
        for (Map.Entry<String, List<Point>> entry : series.entrySet()) {
            g.setColor(colour(index++));
            Path2D.Double line = new Path2D.Double();
            for (Point p : entry.getValue()) {
                if (line.getCurrentPoint() == null) {
                    line.moveTo(frame.px(p.framesPerSecond()), frame.py(p.f1()));
                } else {
                    line.lineTo(frame.px(p.framesPerSecond()), frame.py(p.f1()));
                }
            }
            g.draw(line);
            g.setFont(small);
            for (Point p : entry.getValue()) {
                int px = (int) Math.round(frame.px(p.framesPerSecond()));
                int py = (int) Math.round(frame.py(p.f1()));
                g.fillOval(px - 4, py - 4, 9, 9);
                g.drawString(p.label(), px + 6, py - 6);
            }
            g.setFont(font);
            g.drawLine(legendX, legendY, legendX + 24, legendY);
            g.fillOval(legendX + 8, legendY - 4, 9, 9);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), legendX + 32, legendY + metrics.getAscent() / 2 - 1);
            legendY += 24;
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // written to memory: cannot happen
        }
        return out.toByteArray();
    }

    /** The colour of the {@code index}-th series, in name order. */
    static Color colour(int index) {
        return PALETTE[index % PALETTE.length];
    }

    private static List<Point> sorted(List<Point> points) {
        return points.stream().sorted(Comparator.comparing(Point::series)
                .thenComparingDouble(Point::framesPerSecond)).toList();
    }

    /** Where values land in the picture. */
    private record Frame(Axis x, Axis y) {

        double px(double framesPerSecond) {
            return LEFT + framesPerSecond / x.max() * PLOT_WIDTH;
        }

        double py(double f1) {
            return TOP + PLOT_HEIGHT - f1 / y.max() * PLOT_HEIGHT;
        }
    }

    /**
     * An axis from 0 with round ticks: a step of 1, 2 or 5 times a power of ten giving at most eight intervals, and
     * enough of them to end a little above the largest value, so no point sits on the frame, but not past {@code cap}.
     */
    private record Axis(double step, int ticks) {

        static Axis over(double largest, double cap) {
            double span = largest > 0 ? Math.min(cap, largest * 1.05) : 1;
            double power = Math.pow(10, Math.floor(Math.log10(span / 5)));
            double step = power;
            for (double factor : new double[]{1, 2, 5, 10}) {
                step = factor * power;
                if (span / step <= 8) {
                    break;
                }
            }
            return new Axis(step, (int) Math.ceil(span / step - 1e-9));
        }

        double max() {
            return step * ticks;
        }

        String format(double value) {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
    }
}
