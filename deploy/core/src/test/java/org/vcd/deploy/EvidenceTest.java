package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.Segment;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.ingest.QueryRegion;
import org.vcd.testdata.SyntheticVideo;

/** Heat maps and thumbnails: the pictures moderators and audit reports show as evidence. */
class EvidenceTest {

    @Test
    void heatMapIsBrightOnTheDiagonalDarkElsewhereAndBoxesTheSegment() throws IOException {
        int n = 10;
        float[] values = new float[n * n];
        for (int i = 0; i < n; i++) {
            values[i * n + i] = 0.95f;
        }
        SimilarityMatrix matrix = new SimilarityMatrix(n, n, values, 1.0, 1.0);
        BufferedImage image = read(HeatMap.png(matrix, List.of(new Segment(2, 8, 2, 8, 0.9)), 10, 1000));
        assertEquals(100, image.getWidth());
        assertEquals(100, image.getHeight());
        assertTrue(brightness(image.getRGB(55, 55)) > 400, "diagonal cell is bright");
        assertEquals(0, image.getRGB(5, 95) & 0xffffff, "unrelated cell is black");
        assertEquals(0x00e6ff, image.getRGB(20, 50) & 0xffffff, "box edge at reference 2 s");
    }

    @Test
    void heatMapOfALongPairShrinksCellsToFit() throws IOException {
        SimilarityMatrix matrix = new SimilarityMatrix(3000, 600, new float[3000 * 600], 1.0, 1.0);
        BufferedImage image = read(HeatMap.png(matrix, List.of(), 8, 1200));
        assertEquals(3000, image.getHeight());
        assertEquals(600, image.getWidth());
    }

    @Test
    void thumbnailsShowTheFrameAtEachTimeInAnyOrder(@TempDir Path dir) throws IOException {
        Path video = dir.resolve("v.mp4");
        SyntheticVideo.write(video, 7, 12, 160, 120, 10);
        List<Double> scenes = SyntheticVideo.sceneStarts(7, 12);
        double inSecond = scenes.get(1) + 0.5;
        double inFirst = scenes.get(1) - 0.5;
        List<byte[]> stills = Thumbnails.jpegs(video, new double[] {inSecond, inFirst, inFirst, 99}, 80);
        assertEquals(4, stills.size());
        BufferedImage second = read(stills.get(0));
        BufferedImage first = read(stills.get(1));
        assertEquals(80, first.getWidth());
        assertEquals(60, first.getHeight());
        assertArrayEquals(stills.get(1), stills.get(2), "same time, same picture");
        assertTrue(meanDifference(first, second) > 20, "different scenes give different pictures");
    }

    @Test
    void aQueryThumbnailOutlinesTheRegionTheCopyWasFoundIn(@TempDir Path dir) throws IOException {
        Path video = dir.resolve("v.mp4");
        SyntheticVideo.write(video, 7, 4, 320, 240, 10);
        QueryRegion inset = new QueryRegion(0.5, 0.1, 0.45, 0.45);
        List<byte[]> stills = Thumbnails.jpegs(video, new double[] {2, 2}, 160, new QueryRegion[] {inset, null});
        BufferedImage outlined = read(stills.get(0));
        BufferedImage plain = read(stills.get(1));
        // The region is columns 80-152 and rows 12-66 of the 160 x 120 still; the outline lies just inside it.
        int[][] border = {{80, 40}, {151, 40}, {116, 12}, {116, 65}, {81, 13}, {150, 64}};
        for (int[] p : border) {
            assertTrue(isOutline(outlined.getRGB(p[0], p[1])), "outline at " + p[0] + "," + p[1] + ": "
                    + Integer.toHexString(outlined.getRGB(p[0], p[1])));
        }
        // Inside, outside and on the frame without an outline, the picture is the video's.
        int[][] elsewhere = {{116, 40}, {40, 40}, {116, 100}, {78, 40}, {116, 70}};
        for (int[] p : elsewhere) {
            assertTrue(Math.abs(brightness(outlined.getRGB(p[0], p[1])) - brightness(plain.getRGB(p[0], p[1]))) < 40,
                    "picture at " + p[0] + "," + p[1]);
        }
        long outlinedInPlain = 0;
        for (int[] p : border) {
            outlinedInPlain += isOutline(plain.getRGB(p[0], p[1])) ? 1 : 0;
        }
        assertEquals(0, outlinedInPlain, "no outline where none was asked for");
        assertThrows(IllegalArgumentException.class,
                () -> Thumbnails.jpegs(video, new double[] {1, 2}, 160, new QueryRegion[] {inset}));
    }

    /** Near {@link Thumbnails#OUTLINE} (magenta) after JPEG: red and blue well above green. */
    private static boolean isOutline(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return r > 170 && b > 170 && g < 110;
    }

    @Test
    void thumbnailsOfSomethingThatIsNotAVideoFailWithAReason(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video");
        IOException e = assertThrows(IOException.class, () -> Thumbnails.jpegs(text, new double[] {1}, 80));
        assertTrue(e.getMessage().contains("notes.mp4"), e.getMessage());
        assertThrows(IOException.class, () -> Thumbnails.jpegs(dir.resolve("missing.mp4"), new double[] {1}, 80));
    }

    private static BufferedImage read(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private static int brightness(int rgb) {
        return ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
    }

    private static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                sum += Math.abs(brightness(a.getRGB(x, y)) - brightness(b.getRGB(x, y))) / 3;
            }
        }
        return (double) sum / (a.getWidth() * a.getHeight());
    }
}
