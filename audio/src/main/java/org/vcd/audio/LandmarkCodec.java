package org.vcd.audio;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A reference's landmarks as the bytes stores and export files keep: sorted by time, then hash; each run of equal
 * times is the time's difference to the previous run's (ms), the run's length, then its hashes, the first whole and
 * each next as the difference to the one before, all unsigned varints (7 bits a byte). An anchor's pairs share a time
 * and the anchor's bin (a hash's top 8 bits), so their differences take 2 bytes instead of 3: about 2.5 bytes a
 * landmark where the two ints would take 8.
 */
public final class LandmarkCodec {

    private static final Comparator<Landmark> ORDER = Comparator.comparingInt(Landmark::timeMs)
            .thenComparingInt(Landmark::hash);

    private LandmarkCodec() {
    }

    /** The landmarks in the order {@link #decode} gives them back: time, then hash. */
    public static List<Landmark> sorted(List<Landmark> landmarks) {
        return landmarks.stream().sorted(ORDER).toList();
    }

    public static byte[] encode(List<Landmark> landmarks) {
        List<Landmark> sorted = sorted(landmarks);
        ByteArrayOutputStream out = new ByteArrayOutputStream(sorted.size() * 3);
        int previousTime = 0;
        for (int start = 0; start < sorted.size(); ) {
            int time = sorted.get(start).timeMs();
            int end = start;
            while (end < sorted.size() && sorted.get(end).timeMs() == time) {
                end++;
            }
            if (time < 0 || sorted.get(start).hash() < 0) {
                throw new IllegalArgumentException("landmark times and hashes are not negative: "
                        + sorted.get(start));
            }
            writeVarint(out, time - previousTime);
            writeVarint(out, end - start);
            int previousHash = 0;
            for (int i = start; i < end; i++) {
                writeVarint(out, sorted.get(i).hash() - previousHash);
                previousHash = sorted.get(i).hash();
            }
            previousTime = time;
            start = end;
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when {@code bytes} are not an encoding (cut short or overlong) */
    public static List<Landmark> decode(byte[] bytes) {
        List<Landmark> landmarks = new ArrayList<>();
        int[] at = {0};
        int time = 0;
        while (at[0] < bytes.length) {
            time += readVarint(bytes, at);
            int count = readVarint(bytes, at);
            int hash = 0;
            for (int i = 0; i < count; i++) {
                hash += readVarint(bytes, at);
                landmarks.add(new Landmark(hash, time));
            }
        }
        return landmarks;
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7f) != 0) {
            out.write(value & 0x7f | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    private static int readVarint(byte[] bytes, int[] at) {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new IllegalArgumentException("landmark bytes cut short at byte " + at[0]);
            }
            byte b = bytes[at[0]++];
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("overlong number in landmark bytes at byte " + at[0]);
    }
}
