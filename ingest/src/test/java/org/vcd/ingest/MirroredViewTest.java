package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.testdata.CopyFixture;

/** Query-side mirroring: the mirrored view of a flipped copy is the copy as decoded. */
class MirroredViewTest {

    @TempDir
    Path dir;

    @Test
    void mirroringFlipsEachRowsPixelsAndTwiceIsTheIdentity() {
        // 2x2 BGR: row 0 = pixels a, b; row 1 = pixels c, d.
        byte[] picture = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        byte[] flipped = VideoIngest.mirror(picture, 2);
        assertArrayEquals(new byte[] {4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9}, flipped);
        assertArrayEquals(picture, VideoIngest.mirror(flipped, 2));
    }

    @Test
    void theMirroredViewOfAFlippedCopyMatchesTheCopyFrameByFrame() throws Exception {
        CopyFixture fixture = CopyFixture.create(dir.resolve("fixture"), 41);
        Path flippedCopy = fixture.writeMirroredCopy(dir.resolve("copy-hflip.mp4"));
        VideoIngest ingest = new VideoIngest(IngestConfig.DEFAULT);
        VideoFeatures copy = ingest.ingest(fixture.copy());
        QueryFeatures views = ingest.ingestViews(flippedCopy, new QueryViews(true, false));
        assertEquals(2, views.views().size());
        assertTrue(views.regions().isEmpty());
        VideoFeatures decoded = views.decoded();
        VideoFeatures mirrored = views.mirrored();
        assertSame(decoded.timestamps(), mirrored.timestamps());
        assertEquals(copy.frameCount(), decoded.frameCount());
        double asDecoded = 0;
        double asMirrored = 0;
        for (int i = 0; i < copy.frameCount(); i++) {
            asDecoded += dot(copy.vectors()[i], decoded.vectors()[i]);
            asMirrored += dot(copy.vectors()[i], mirrored.vectors()[i]);
        }
        asDecoded /= copy.frameCount();
        asMirrored /= copy.frameCount();
        // Unmirrored again, the frames are the copy's but for re-encoding: near 1. As decoded, the descriptor (not
        // mirror-invariant) sees other pictures.
        assertTrue(asMirrored > 0.95, "mean similarity of the mirrored view to the copy " + asMirrored);
        assertTrue(asDecoded < asMirrored - 0.2, "as decoded " + asDecoded + ", mirrored " + asMirrored);
        // Without mirroring there is one view, the same as a plain ingest.
        QueryFeatures plain = ingest.ingestViews(fixture.copy(), QueryViews.DECODED);
        assertEquals(1, plain.views().size());
        assertNull(plain.mirrored());
        assertArrayEquals(copy.vectors()[5], plain.decoded().vectors()[5]);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
