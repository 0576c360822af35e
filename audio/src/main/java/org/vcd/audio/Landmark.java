package org.vcd.audio;

/**
 * One pair of spectral peaks: the anchor's frequency, the frequency difference to the peak paired with it and their
 * time difference, packed into one int, at the anchor's time. Integers with times are what a store keeps (a Lucene
 * int field, a Milvus scalar), and equal hashes are what matching looks up.
 *
 * <p>Layout (21 bits, high to low): anchor bin (8), frequency difference + 64 (7), time difference in spectra (6).
 * The time difference stays readable ({@link #deltaFrames}) so a query can look up the one a speed change would give.
 *
 * @param hash   the packed pair
 * @param timeMs the anchor's time from the start of the sound, in milliseconds
 */
public record Landmark(int hash, int timeMs) {

    static final int BIN_BITS = 8;
    static final int MAX_DT = 63;
    static final int MAX_DF = 63;
    private static final int DT_BITS = 6;
    private static final int DF_BITS = 7;

    /** The hash of a pair: anchor bin, the paired peak's bin minus the anchor's, spectra between them. */
    static int hash(int bin, int deltaBins, int deltaFrames) {
        return bin << (DF_BITS + DT_BITS) | (deltaBins + MAX_DF + 1) << DT_BITS | deltaFrames;
    }

    /** The same pair with another time difference: what the query looks up for a speed change. */
    static int withDeltaFrames(int hash, int deltaFrames) {
        return hash & ~MAX_DT | deltaFrames;
    }

    static int deltaFrames(int hash) {
        return hash & MAX_DT;
    }
}
