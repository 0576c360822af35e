package org.vcd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VideoIdsTest {

    @Test
    void oneTo256CharactersWithoutControlCharacters() {
        for (String id : new String[] {"a", "ref-1", "Ünïcødé id with spaces", "x".repeat(256)}) {
            assertTrue(VideoIds.isValid(id), id);
        }
        for (String id : new String[] {null, "", "   ", "x".repeat(257)}) {
            assertEquals("must be 1 to 256 characters", VideoIds.problem(id), id);
        }
        for (String id : new String[] {"evil\nid", "tab\there", "nul\0", "del\u007f", "c1\u0085"}) {
            assertEquals("must not contain control characters", VideoIds.problem(id), id);
            assertFalse(VideoIds.isValid(id));
        }
    }
}
