package org.vcd.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tilts found and undone on generated 64x64 frames of a 16:9 picture. */
class TiltTest {

    private static final int SIDE = 64;
    private static final double ASPECT = 16 / 9.0;

    private static byte[] footage(ContentRegionsTest.Footage footage, int t) {
        byte[] bgr = new byte[SIDE * SIDE * 3];
        ContentRegionsTest.paint(bgr, footage, t, ContentRegionsTest.WHOLE);
        return bgr;
    }

    private static double angleOf(List<byte[]> frames) {
        List<byte[]> fills = new ArrayList<>();
        for (byte[] frame : frames) {
            fills.add(Tilt.fill(frame, SIDE));
        }
        return Tilt.angle(fills, SIDE, ASPECT);
    }

    @Test
    void aTurnedCopyIsFoundAndTurnedBack() {
        for (double degrees : new double[] {-7, -3, 2.5, 6}) {
            ContentRegionsTest.Footage footage = ContentRegionsTest.Footage.random(20 + (long) degrees);
            double turn = Math.toRadians(degrees);
            List<byte[]> tilted = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                tilted.add(Tilt.level(footage(footage, t), SIDE, -turn, ASPECT));
            }
            double found = angleOf(tilted);
            assertEquals(degrees, Math.toDegrees(found), 0.7, "turned by " + degrees + " degrees");

            byte[] original = footage(footage, 2);
            byte[] levelled = Tilt.level(tilted.get(2), SIDE, found, ASPECT);
            ClassicEmbedder embedder = new ClassicEmbedder();
            double asTilted = dot(embedder.embed(original), embedder.embed(tilted.get(2)));
            double asLevelled = dot(embedder.embed(original), embedder.embed(levelled));
            // What the turn pushed out of the frame is lost (black corners), so levelled is not whole again; a turn
            // of a few degrees the descriptor tolerates about as well as the resampling that undoes it.
            assertTrue(asLevelled > 0.85 && (Math.abs(degrees) < 5 || asLevelled > asTilted + 0.05),
                    degrees + " degrees: similarity tilted " + asTilted + ", levelled " + asLevelled);
        }
    }

    @Test
    void plainFootageAndBlackBarsShowNoTilt() {
        ContentRegionsTest.Footage footage = ContentRegionsTest.Footage.random(30);
        List<byte[]> plain = new ArrayList<>();
        List<byte[]> letterboxed = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            plain.add(footage(footage, t));
            byte[] bars = ContentRegionsTest.flat(0, 0, 0);
            ContentRegionsTest.paint(bars, footage, t, new Region(0, 8, SIDE, 48));
            letterboxed.add(bars);
        }
        assertTrue(Double.isNaN(angleOf(plain)));
        assertTrue(Double.isNaN(angleOf(letterboxed)), "bars of even depth are no wedge");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
