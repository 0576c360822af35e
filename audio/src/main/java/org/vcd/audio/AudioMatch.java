package org.vcd.audio;

import org.vcd.domain.Segment;

/**
 * A stretch of the query whose sound copies a stretch of the reference's.
 *
 * @param segment where, in seconds on both sides; its score is the share of the query's anchor times (spectra with
 *                landmarks) in the stretch that found the reference at this alignment (about 0.9 for a clean copy,
 *                0.3-0.7 under noise, other music or a low bitrate; see docs/AUDIO.md)
 * @param speed   reference seconds per query second (1: same speed; 2: the query plays the reference twice as fast)
 * @param votes   query anchor times that found the reference at this alignment
 */
public record AudioMatch(Segment segment, double speed, int votes) {
}
