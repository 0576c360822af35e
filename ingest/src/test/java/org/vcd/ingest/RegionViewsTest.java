package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.testdata.CopyFixture;

/**
 * Region views of a real decode: a picture-in-picture copy, the inset at every frame through the video's end, on the
 * classic descriptor's 64 px frames and on frames three times larger (searched averaged down, cut at full size).
 */
class RegionViewsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {ClassicEmbedder.INPUT_SIZE, 3 * ClassicEmbedder.INPUT_SIZE})
    void theInsetIsARegionOfTheLastFramesToo(int side) throws Exception {
        CopyFixture fixture = CopyFixture.create(dir.resolve("fixture"), 45);
        Path inset = fixture.writeInsetCopy(dir.resolve("copy-inset.mp4"), 0.5, 0.1, 0.45);
        QueryFeatures query = new VideoIngest(IngestConfig.DEFAULT, () -> new ClassicEmbedder(side))
                .ingestViews(inset, new QueryViews(false, true));
        assertEquals(ContentRegions.Config.DEFAULT.maxRegions(), query.regions().size());
        assertNotNull(query.levelled(), "the levelled view is there, if mostly blank");
        QueryRegion[] regions = query.regions().get(0).frames();
        VideoFeatures view = query.regions().get(0).features();
        int frames = query.decoded().frameCount();
        int found = 0;
        for (int i = 0; i < frames; i++) {
            if (regions[i] != null && Math.abs(regions[i].x() - 0.5) < 0.08 && Math.abs(regions[i].width() - 0.45) < 0.08) {
                found++;
                assertTrue(!VideoFeatures.isBlank(view.vectors()[i]), "frame " + i + " has its region's vector");
            }
        }
        assertTrue(found > frames * 0.8, found + " of " + frames + " frames show the inset as their first region");
        // The last frames' windows end with the video; their regions come out once it has ended.
        for (int i = frames - 2; i < frames; i++) {
            assertNotNull(regions[i], "frame " + i + " of " + frames);
        }
    }

    /** A cut is a region every frame is cut to alike: where the region view found that region, the two agree. */
    @Test
    void aCutViewIsTheRegionCutFromEveryFrame() throws Exception {
        CopyFixture fixture = CopyFixture.create(dir.resolve("fixture"), 45);
        Path inset = fixture.writeInsetCopy(dir.resolve("copy-inset.mp4"), 0.5, 0.1, 0.45);
        VideoIngest ingest = new VideoIngest(IngestConfig.DEFAULT, ClassicEmbedder::new);
        QueryRegion[] found = ingest.ingestViews(inset, new QueryViews(false, true)).regions().get(0).frames();
        QueryRegion cut = found[found.length / 2];
        assertNotNull(cut);
        QueryFeatures query = ingest.ingestViews(inset, new QueryViews(false, true, List.of(cut)));
        assertEquals(1, query.cuts().size());
        VideoFeatures cutView = query.cuts().get(0);
        assertEquals(query.decoded().frameCount(), cutView.frameCount());
        int same = 0;
        for (int i = 0; i < cutView.frameCount(); i++) {
            assertFalse(VideoFeatures.isBlank(cutView.vectors()[i]), "every frame is cut, frame " + i);
            if (cut.equals(query.regions().get(0).frames()[i])) {
                assertArrayEquals(query.regions().get(0).features().vectors()[i], cutView.vectors()[i], "frame " + i);
                same++;
            }
        }
        assertTrue(same > 0, "the region view found the cut's region somewhere");
        assertEquals(query.views().size(), ingest.ingestViews(inset, new QueryViews(false, true)).views().size(),
                "cuts are not retrieval views");
    }

    @Test
    void aRegionInFractionsOfTheFrameComesBackToItsPixels() {
        for (Region region : List.of(new Region(0, 0, 64, 64), new Region(32, 6, 29, 29), new Region(3, 40, 61, 24))) {
            assertEquals(region, QueryRegion.of(region, 64).in(64), region.toString());
        }
        assertEquals(new Region(96, 18, 87, 87), QueryRegion.of(new Region(32, 6, 29, 29), 64).in(192));
    }

    @Test
    void shrinkingAveragesEachBox() {
        int side = 6;
        byte[] bgr = new byte[side * side * 3];
        for (int p = 0; p < side * side; p++) {
            int x = p % side;
            int y = p / side;
            bgr[p * 3] = (byte) (x < 3 ? 10 : 200);        // blue: left and right halves
            bgr[p * 3 + 1] = (byte) (y < 3 ? 0 : 255);      // green: top and bottom halves
            bgr[p * 3 + 2] = (byte) (x == 0 && y == 0 ? 9 : 0); // red: one pixel of the top-left box
        }
        byte[] small = RegionViews.shrink(bgr, side, 3);
        assertEquals(2 * 2 * 3, small.length);
        assertEquals(10, small[0] & 0xff);
        assertEquals(0, small[1] & 0xff);
        assertEquals(1, small[2] & 0xff, "9 over 9 pixels");
        assertEquals(200, small[3] & 0xff);
        assertEquals(255, small[(2 + 1) * 3 + 1] & 0xff);
    }
}
