package org.vcd.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.vcd.detector.spd.SegmentDetector;
import org.vcd.detector.spd.SegmentDetectorConfig;
import org.vcd.ingest.cnn.CnnEmbedder;
import org.vcd.keyframe.LearnedKeyframes;

/**
 * The learned models pipelines serve, the one owner of them all: the committed CNN embedder, keyframe selector and
 * segment detector, and the detectors trained jointly with a selector. Each is loaded on first use and then shared
 * (its native session serves any thread); {@link #close} closes every one. Whoever makes the {@link CopyDetector}s
 * that use it closes it, after them. {@link Embedders}, {@link Keyframes} and {@link Localizers} hand the models out
 * by pipeline name.
 */
public final class PipelineModels implements AutoCloseable {

    /**
     * A detector: the model folder it was loaded from (empty: a committed one, the one trained on fused matrices when
     * {@code fused}) and its settings.
     */
    private record DetectorKey(Optional<Path> folder, boolean fused, SegmentDetectorConfig config) {
    }

    private CnnEmbedder cnn;
    private CnnEmbedder mobilenet;
    private LearnedKeyframes learned;
    private final Map<DetectorKey, SegmentDetector> detectors = new HashMap<>();
    private boolean closed;

    synchronized CnnEmbedder cnnEmbedder() {
        requireOpen();
        if (cnn == null) {
            cnn = CnnEmbedder.loadDefault();
        }
        return cnn;
    }

    synchronized CnnEmbedder mobilenetEmbedder() {
        requireOpen();
        if (mobilenet == null) {
            mobilenet = CnnEmbedder.loadMobilenet();
        }
        return mobilenet;
    }

    synchronized LearnedKeyframes learnedKeyframes() {
        requireOpen();
        if (learned == null) {
            learned = LearnedKeyframes.loadDefault();
        }
        return learned;
    }

    /**
     * The segment detector saved in {@code folder}, or when empty the committed one for the embedder's matrices (the
     * fused embedder's own, or the classic descriptor's), with {@code config}.
     */
    synchronized SegmentDetector segmentDetector(Optional<Path> folder, boolean fused, SegmentDetectorConfig config) {
        requireOpen();
        return detectors.computeIfAbsent(new DetectorKey(folder, fused, config), PipelineModels::load);
    }

    private static SegmentDetector load(DetectorKey key) {
        if (key.folder().isEmpty()) {
            return key.fused() ? SegmentDetector.loadFused(key.config()) : SegmentDetector.loadDefault(key.config());
        }
        try {
            return SegmentDetector.load(key.folder().get(), key.config());
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the detector in " + key.folder().get(), e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the pipeline's models are closed");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (cnn != null) {
            cnn.close();
        }
        if (mobilenet != null) {
            mobilenet.close();
        }
        if (learned != null) {
            learned.close();
        }
        detectors.values().forEach(SegmentDetector::close);
        detectors.clear();
    }
}
