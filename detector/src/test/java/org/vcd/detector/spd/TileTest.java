package org.vcd.detector.spd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TileTest {

    @Test
    void aSmallMatrixIsOneTile() {
        assertEquals(List.of(new Tile(0, 0, 1)), Tile.covering(30, 64, 64));
    }

    @Test
    void tilesOverlapByHalfAndEndFlushAndADownscaledPassSeesItAll() {
        List<Tile> tiles = Tile.covering(100, 64, 64);
        assertEquals(List.of(new Tile(0, 0, 1), new Tile(32, 0, 1), new Tile(36, 0, 1), new Tile(0, 0, 2)), tiles);
        // Every copy up to half a tile long lies whole inside some full-resolution tile.
        for (int start = 0; start + 32 <= 100; start++) {
            int s = start;
            assertTrue(tiles.stream().anyMatch(t -> t.scale() == 1 && t.row() <= s && s + 32 <= t.row() + 64),
                    "rows " + s + ".." + (s + 32));
        }
    }

    @Test
    void downscaledTileCoversTheLongerSide() {
        Tile last = Tile.covering(10, 300, 64).get(Tile.covering(10, 300, 64).size() - 1);
        assertEquals(5, last.scale());
        assertTrue(last.scale() * 64 >= 300);
    }
}
