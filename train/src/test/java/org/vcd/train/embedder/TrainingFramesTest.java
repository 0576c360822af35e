package org.vcd.train.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Still images as training frames: read and scaled, icons and flat pictures left out, joined to video frames. */
class TrainingFramesTest {

    @TempDir
    Path work;

    @Test
    void readsImagesSkipsIconsAndFlatOnesAndJoinsVideos() throws IOException {
        write("a/picture.png", 120, 80, false);
        write("a/b/photo.jpg", 300, 200, false);
        write("a/icon.png", 16, 16, false);
        write("a/flat.png", 100, 100, true);
        Files.writeString(work.resolve("a/notes.txt"), "not an image");
        List<Path> files = TrainingFrames.imageFiles(work.resolve("a"));
        assertEquals(4, files.size(), files.toString());

        TrainingFrames images = TrainingFrames.images(files, 64, line -> { });
        assertEquals(2, images.size());
        assertEquals(64 * 64 * 3, images.frames().get(0).length);
        assertEquals(2, images.videos(), "each image a video of its own");

        TrainingFrames video = new TrainingFrames(64, List.of(new byte[64 * 64 * 3], new byte[64 * 64 * 3]),
                new int[] {0, 0}, new double[] {0, 10});
        TrainingFrames both = video.and(images);
        assertEquals(4, both.size());
        assertArrayEquals(new int[] {0, 0, 1, 2}, both.video());
        assertTrue(both.near(0, 0, 4));
        assertFalse(both.near(0, 1, 4), "ten seconds apart");
        assertFalse(both.near(2, 3, 4), "two images");

        int[] picked = both.pick(3, 20, new Random(1));
        for (int a = 0; a < picked.length; a++) {
            for (int b = a + 1; b < picked.length; b++) {
                assertFalse(both.near(picked[a], picked[b], 20), "three frames of which none are near exist");
            }
        }
    }

    private void write(String name, int width, int height, boolean flat) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, width, height);
        if (!flat) {
            g.setColor(Color.ORANGE);
            g.fillOval(width / 4, height / 4, width / 2, height / 2);
        }
        g.dispose();
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, name.endsWith(".png") ? "png" : "jpg", file.toFile());
    }
}
