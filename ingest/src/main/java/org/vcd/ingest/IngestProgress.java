package org.vcd.ingest;

/**
 * Hook for progress reports while a video is decoded: the CLI prints them, the service publishes them.
 * Called on the decoding thread about once per sampled frame, so it must be quick and thread-safe.
 */
@FunctionalInterface
public interface IngestProgress {

    IngestProgress NONE = (source, frames, seconds) -> { };

    /**
     * @param source        the file or URL being ingested, as given
     * @param framesDecoded frames decoded so far
     * @param secondsDone   video time decoded so far, from the first frame
     */
    void update(String source, long framesDecoded, double secondsDone);
}
