package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcd.domain.VideoFeatures;
import org.vcd.testdata.CopyFixture;

/** Region views of a real decode: a picture-in-picture copy, the inset at every frame through the video's end. */
class RegionViewsTest {

    @TempDir
    Path dir;

    @Test
    void theInsetIsARegionOfTheLastFramesToo() throws Exception {
        CopyFixture fixture = CopyFixture.create(dir.resolve("fixture"), 45);
        Path inset = fixture.writeInsetCopy(dir.resolve("copy-inset.mp4"), 0.5, 0.1, 0.45);
        QueryFeatures query = new VideoIngest(IngestConfig.DEFAULT).ingestViews(inset, new QueryViews(false, true));
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
}
