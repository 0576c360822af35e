package org.vcd.deploy;

import java.util.List;
import org.vcd.detector.Segment;

/**
 * A reference the query copies, and where.
 *
 * @param score the best segment score, in [0, 1]
 */
public record Match(String reference, double score, List<Segment> segments) {
}
