package org.vcd.audio;

import org.vcd.domain.Segment;

/**
 * A stretch of the query whose sound copies a stretch of the reference's.
 *
 * @param segment where, in seconds on both sides; its score is the share of the query's landmarks in the stretch
 *                that found the reference at this alignment (a clean copy scores about 0.3-0.6: peaks that a
 *                neighbouring frame or the codec moves by a bin miss)
 * @param speed   reference seconds per query second (1: same speed; 2: the query plays the reference twice as fast)
 * @param votes   query landmarks that found the reference at this alignment
 */
public record AudioMatch(Segment segment, double speed, int votes) {
}
