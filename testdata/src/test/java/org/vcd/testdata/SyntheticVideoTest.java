package org.vcd.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticVideoTest {

    @TempDir
    Path dir;

    @Test
    void decodesWithTheExpectedFrameCountAndSize() throws Exception {
        Path mp4 = dir.resolve("a.mp4");
        SyntheticVideo.write(mp4, 1, 4, 320, 240, 25);
        assertDecodes(mp4, 100, 320, 240);

        Path mkv = dir.resolve("b.mkv");
        SyntheticVideo.write(mkv, 2, 3, 160, 120, 30);
        assertDecodes(mkv, 90, 160, 120);
    }

    @Test
    void sameSeedGivesIdenticalDecodedFrames() throws Exception {
        Path first = dir.resolve("first.mp4");
        Path second = dir.resolve("second.mp4");
        Path other = dir.resolve("other.mp4");
        SyntheticVideo.write(first, 42, 3, 320, 240, 25);
        SyntheticVideo.write(second, 42, 3, 320, 240, 25);
        SyntheticVideo.write(other, 43, 3, 320, 240, 25);
        List<byte[]> a = decode(first);
        List<byte[]> b = decode(second);
        List<byte[]> c = decode(other);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "frame " + i);
        }
        assertFalse(Arrays.equals(a.get(0), c.get(0)), "another seed must give other pixels");
    }

    private static void assertDecodes(Path video, int frames, int width, int height) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.start();
            assertEquals(width, grabber.getImageWidth());
            assertEquals(height, grabber.getImageHeight());
            int count = 0;
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                assertEquals(width, frame.imageWidth);
                assertEquals(height, frame.imageHeight);
                count++;
            }
            assertTrue(Math.abs(count - frames) <= 1, video.getFileName() + ": " + count + " frames, expected " + frames);
        }
    }

    private static List<byte[]> decode(Path video) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                byte[] packed = new byte[frame.imageWidth * frame.imageHeight * 3];
                for (int y = 0; y < frame.imageHeight; y++) {
                    pixels.get(y * frame.imageStride, packed, y * frame.imageWidth * 3, frame.imageWidth * 3);
                }
                frames.add(packed);
            }
        }
        return frames;
    }
}
