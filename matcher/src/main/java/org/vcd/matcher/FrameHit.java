package org.vcd.matcher;

/** One stored frame found near a query frame: which video, which of its frames, and the cosine similarity. */
public record FrameHit(String videoId, int frame, float similarity) {
}
