package org.vcd.ingest;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.bytedeco.ffmpeg.global.avutil;
import org.vcd.domain.VideoFeatures;

/**
 * Decodes a video with FFmpeg, samples it on a uniform time grid by presentation timestamp and embeds
 * each sampled frame. The frame shown at grid time t is the last decoded frame whose timestamp is at or
 * before t, as a player would show it; times count from the first decoded keyframe, so streams whose
 * timestamps do not start at zero line up with those that do. Decoding runs on its own thread, handing
 * sampled frames to the embedder through a bounded queue (see {@link Decoder}).
 *
 * <p>Thread-safe: any number of threads may ingest at once (see {@link #ingestAll}); each borrows its own
 * embedder.
 */
public final class VideoIngest {

    static {
        // FFmpeg writes its own diagnostics to stderr; callers get one typed error line instead.
        avutil.av_log_set_level(Integer.getInteger("vcd.ffmpeg.loglevel", avutil.AV_LOG_QUIET));
    }

    private final IngestConfig config;
    private final Supplier<? extends FrameEmbedder> embedders;
    /** Embedders not in use; one per concurrent ingest, created on demand (a learned one is costly to load). */
    private final ConcurrentLinkedQueue<FrameEmbedder> idle = new ConcurrentLinkedQueue<>();
    private final int inputSize;

    /** Ingest with the classic descriptor. */
    public VideoIngest(IngestConfig config) {
        this(config, ClassicEmbedder::new);
    }

    /** @param embedders makes a new embedder; all must agree on name, dimension and input size */
    public VideoIngest(IngestConfig config, Supplier<? extends FrameEmbedder> embedders) {
        this.config = config;
        this.embedders = embedders;
        FrameEmbedder first = embedders.get();
        this.inputSize = first.inputSize();
        idle.add(first);
    }

    public IngestConfig config() {
        return config;
    }

    /** Decodes, samples and embeds {@code file}; throws a typed error for anything that is not a whole video. */
    public VideoFeatures ingest(Path file) throws IngestException {
        return ingest(file, IngestProgress.NONE);
    }

    public VideoFeatures ingest(Path file, IngestProgress progress) throws IngestException {
        return ingestFile(file, file.toString(), deadline(), progress, QueryViews.DECODED, 0).pictures().decoded();
    }

    /**
     * As {@link #ingest(Path)}, in the given views of each sampled frame (from the same decode pass), so a copy can
     * be matched that a descriptor does not see in the frame as decoded: mirrored, or inside a border or an inset.
     *
     * @return the frames as decoded, (with {@code views.mirror()}) mirrored and (with {@code views.regions()}) in each
     *         region view, best region first, with the region each frame's picture was cut from
     */
    public QueryFeatures ingestViews(Path file, QueryViews views) throws IngestException {
        return ingestFile(file, file.toString(), deadline(), IngestProgress.NONE, views, 0).pictures();
    }

    /** A video's pictures and its sound, from one decode pass. */
    public record WithAudio(QueryFeatures pictures, AudioTrack audio) {
    }

    /**
     * As {@link #ingestViews}, with the video's sound decoded in the same pass, mono at {@code audioRate} samples a
     * second on the pictures' clock ({@link AudioTrack}; empty when the video has none). The same limits and
     * refusals hold; sound running past the duration limit is refused as pictures are.
     */
    public WithAudio ingestWithAudio(Path file, QueryViews views, int audioRate) throws IngestException {
        if (audioRate <= 0) {
            throw new IllegalArgumentException("audio rate must be positive: " + audioRate);
        }
        return ingestFile(file, file.toString(), deadline(), IngestProgress.NONE, views, audioRate);
    }

    /**
     * Ingests an http(s) URL (downloaded to a temporary file within the size limit and the decode timeout,
     * then deleted) or a file: URI.
     */
    public VideoFeatures ingest(URI source, IngestProgress progress) throws IngestException {
        String scheme = source.getScheme() == null ? "" : source.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                return ingest(Path.of(source), progress);
            case "http":
            case "https":
                long deadline = deadline();
                try (HttpDownload download = HttpDownload.fetch(source, config.downloadLimits())) {
                    return ingestFile(download.file(), source.toString(), deadline, progress, QueryViews.DECODED, 0)
                            .pictures().decoded();
                }
            default:
                throw new IngestException(IngestException.Reason.MISSING,
                        "unsupported source (only files and http(s) URLs): " + source);
        }
    }

    /** One source's result: its features, or why it was refused. */
    public record Outcome(URI source, VideoFeatures features, IngestException error) {
    }

    /** Called with each finished source, one at a time (never concurrently), in completion order. */
    @FunctionalInterface
    public interface OutcomeConsumer {
        void accept(Outcome outcome);
    }

    /**
     * Ingests several videos at once, {@code threads} at a time (each with its decoder thread and bounded
     * queue). A refused video is reported and the others go on. Returns when all are done; a bug (a runtime
     * exception, from the embedder say) is rethrown then, after the other videos finished.
     */
    public void ingestAll(List<URI> sources, int threads, IngestProgress progress, OutcomeConsumer done) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        ConcurrentLinkedQueue<URI> todo = new ConcurrentLinkedQueue<>(sources);
        Object serial = new Object();
        AtomicReference<RuntimeException> bug = new AtomicReference<>();
        Runnable worker = () -> {
            for (URI source; (source = todo.poll()) != null; ) {
                try {
                    Outcome outcome;
                    try {
                        outcome = new Outcome(source, ingest(source, progress), null);
                    } catch (IngestException e) {
                        outcome = new Outcome(source, null, e);
                    }
                    synchronized (serial) {
                        done.accept(outcome);
                    }
                } catch (RuntimeException e) {
                    bug.compareAndSet(null, e);
                }
            }
        };
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < Math.min(threads, sources.size()); i++) {
            Thread thread = new Thread(worker, "vcd-ingest-" + i);
            thread.start();
            workers.add(thread);
        }
        for (Thread thread : workers) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while ingesting", e);
            }
        }
        if (bug.get() != null) {
            throw bug.get();
        }
    }

    private long deadline() {
        return System.nanoTime() + (long) (config.decodeTimeoutSeconds() * 1e9);
    }

    /** @param audioRate samples per second to decode the sound at, or 0 for pictures only (audio then null) */
    private WithAudio ingestFile(Path file, String name, long deadline, IngestProgress progress,
                                 QueryViews views, int audioRate) throws IngestException {
        checkFile(file, name);
        FrameEmbedder embedder = idle.poll();
        if (embedder == null) {
            embedder = embedders.get();
        }
        try {
            Decoder decoder = new Decoder(file, name, config, inputSize, deadline, progress, audioRate);
            QueryFeatures pictures = embedAll(decoder, embedder, views);
            return new WithAudio(pictures, decoder.audio());
        } finally {
            idle.add(embedder);
        }
    }

    private void checkFile(Path file, String name) throws IngestException {
        if (!Files.isRegularFile(file)) {
            throw new IngestException(IngestException.Reason.MISSING, "no such file: " + name);
        }
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            throw new IngestException(IngestException.Reason.MISSING, "cannot read file: " + name, e);
        }
        if (bytes == 0) {
            throw new IngestException(IngestException.Reason.EMPTY, "empty file: " + name);
        }
        if (bytes > config.maxFileBytes()) {
            throw new IngestException(IngestException.Reason.TOO_LARGE, String.format(
                    "file is %d bytes, the limit is %d: %s", bytes, config.maxFileBytes(), name));
        }
    }

    /**
     * The embedding side of the queue: takes sampled frames in batches, embeds each batch in one call (and each other
     * view's pictures in one more) and lays the vectors on the grid. Returns the frames' buffers to the decoder.
     */
    private QueryFeatures embedAll(Decoder decoder, FrameEmbedder embedder, QueryViews views)
            throws IngestException {
        int batchLimit = Math.max(1, config.queueFrames() / 2);
        List<Decoder.Sample> batch = new ArrayList<>(batchLimit);
        List<byte[]> pixels = new ArrayList<>(batchLimit);
        double period = config.samplePeriod();
        double[] times = new double[64];
        float[][] vectors = new float[64][];
        float[][] mirrorVectors = new float[64][];
        List<byte[]> mirrorPixels = new ArrayList<>(batchLimit);
        List<Region> cuts = views.cuts().stream().map(cut -> cut.in(inputSize)).toList();
        float[][][] cutVectors = new float[cuts.size()][64][];
        RegionViews regionViews = null; // made with the first sample, once the decoder knows the picture's aspect
        List<RegionViews.Crop> crops = new ArrayList<>();
        List<float[]> cropVectors = new ArrayList<>();
        List<float[]> mirroredCropVectors = views.mirror() ? new ArrayList<>() : null;
        float[] none = new float[embedder.dimension()];
        int count = 0;
        decoder.start();
        try {
            boolean ended = false;
            while (!ended) {
                Decoder.Sample sample = decoder.next(batch.isEmpty());
                if (sample == Decoder.END) {
                    ended = true;
                } else if (sample != null) {
                    batch.add(sample);
                }
                if (!batch.isEmpty() && (ended || sample == null || batch.size() == batchLimit)) {
                    pixels.clear();
                    int[] embeddedAs = new int[batch.size()]; // the sample's place in pixels, -1 when left out
                    for (int i = 0; i < batch.size(); i++) {
                        Decoder.Sample s = batch.get(i);
                        embeddedAs[i] = embeds(views, s, period) ? pixels.size() : -1;
                        if (embeddedAs[i] >= 0) {
                            pixels.add(s.bgr);
                        }
                    }
                    float[][] embedded = embed(embedder, pixels);
                    float[][] embeddedMirrored = null;
                    if (views.mirror()) {
                        mirrorPixels.clear();
                        for (byte[] frame : pixels) {
                            mirrorPixels.add(mirror(frame, inputSize));
                        }
                        embeddedMirrored = mirrorPixels.isEmpty() ? new float[0][]
                                : embedder.embedMirrored(mirrorPixels, embedded);
                    }
                    float[][][] embeddedCuts = new float[cuts.size()][][];
                    for (int c = 0; c < cuts.size(); c++) {
                        Region cut = cuts.get(c);
                        embeddedCuts[c] = embed(embedder, pixels.stream()
                                .map(frame -> ContentRegions.crop(frame, inputSize, cut)).toList());
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        Decoder.Sample s = batch.get(i);
                        if (count + s.gridPoints > times.length) {
                            int grown = Math.max(times.length * 2, count + s.gridPoints);
                            times = Arrays.copyOf(times, grown);
                            vectors = Arrays.copyOf(vectors, grown);
                            mirrorVectors = Arrays.copyOf(mirrorVectors, grown);
                            for (int c = 0; c < cuts.size(); c++) {
                                cutVectors[c] = Arrays.copyOf(cutVectors[c], grown);
                            }
                        }
                        if (views.regions()) {
                            if (regionViews == null) {
                                regionViews = new RegionViews(inputSize, ContentRegions.Config.DEFAULT, decoder.aspect());
                            }
                            crops.addAll(regionViews.add(s.bgr, count, s.gridPoints));
                        }
                        int e = embeddedAs[i];
                        for (int k = 0; k < s.gridPoints; k++, count++) {
                            times[count] = (s.firstGridPoint + k) * period;
                            vectors[count] = e < 0 ? none : embedded[e];
                            if (views.mirror()) {
                                mirrorVectors[count] = e < 0 ? none : embeddedMirrored[e];
                            }
                            for (int c = 0; c < cuts.size(); c++) {
                                cutVectors[c][count] = e < 0 ? none : embeddedCuts[c][e];
                            }
                        }
                        decoder.recycle(s);
                    }
                    batch.clear();
                    if (regionViews != null) {
                        embedCrops(embedder, crops, cropVectors, mirroredCropVectors, inputSize);
                    }
                }
            }
            VideoFeatures decoded = decoder.finish(Arrays.copyOf(times, count), Arrays.copyOf(vectors, count));
            VideoFeatures mirrored = views.mirror() ? new VideoFeatures(decoded.durationSeconds(),
                    decoded.timestamps(), Arrays.copyOf(mirrorVectors, count)) : null;
            List<VideoFeatures> cut = new ArrayList<>();
            for (float[][] vectorsOfCut : cutVectors) {
                cut.add(new VideoFeatures(decoded.durationSeconds(), decoded.timestamps(),
                        Arrays.copyOf(vectorsOfCut, count)));
            }
            if (!views.regions()) {
                return new QueryFeatures(decoded, mirrored, List.of(), null, cut);
            }
            if (regionViews != null) {
                // The last frames' regions: their windows end with the video.
                crops.addAll(regionViews.finish());
                embedCrops(embedder, crops, cropVectors, mirroredCropVectors, inputSize);
            }
            return withRegions(decoded, mirrored, crops, cropVectors, mirroredCropVectors, embedder.dimension(),
                    inputSize, cut);
        } finally {
            decoder.cancel();
        }
    }

    /** Whether any of the grid times a sample is shown at is one the views embed. */
    private static boolean embeds(QueryViews views, Decoder.Sample sample, double period) {
        for (int k = 0; k < sample.gridPoints; k++) {
            if (views.embeds((sample.firstGridPoint + k) * period)) {
                return true;
            }
        }
        return false;
    }

    /** The embedder's vectors of {@code frames}, without a call when there are none. */
    private static float[][] embed(FrameEmbedder embedder, List<byte[]> frames) {
        return frames.isEmpty() ? new float[0][] : embedder.embed(frames);
    }

    /**
     * Embeds the crops not embedded yet, in one call, and their mirror images in one more when {@code mirrored} is
     * not null (the levelled crops' too, left unused); their pixels are dropped once embedded.
     */
    private static void embedCrops(FrameEmbedder embedder, List<RegionViews.Crop> crops, List<float[]> vectors,
                                   List<float[]> mirrored, int side) {
        if (vectors.size() == crops.size()) {
            return;
        }
        List<RegionViews.Crop> fresh = crops.subList(vectors.size(), crops.size());
        List<byte[]> pixels = fresh.stream().map(RegionViews.Crop::bgr).toList();
        float[][] embedded = embedder.embed(pixels);
        float[][] embeddedMirrored = mirrored == null ? null
                : embedder.embedMirrored(pixels.stream().map(p -> mirror(p, side)).toList(), embedded);
        for (int i = 0; i < embedded.length; i++) {
            RegionViews.Crop crop = fresh.get(i);
            fresh.set(i, new RegionViews.Crop(crop.view(), crop.firstFrame(), crop.frames(), crop.region(), null));
            vectors.add(embedded[i]);
            if (mirrored != null) {
                mirrored.add(embeddedMirrored[i]);
            }
        }
    }

    /**
     * The region views, one per region rank and then, with {@code mirroredCropVectors}, one per rank mirrored, and the
     * levelled view: each crop's vector (and, for a region, the region as fractions of the {@code side}-pixel frame)
     * at its frame's grid points, the zero vector and no region elsewhere; with the cut views as they are.
     */
    private static QueryFeatures withRegions(VideoFeatures decoded, VideoFeatures mirrored,
            List<RegionViews.Crop> crops, List<float[]> cropVectors, List<float[]> mirroredCropVectors, int dimension,
            int side, List<VideoFeatures> cuts) {
        int frames = decoded.frameCount();
        int ranks = ContentRegions.Config.DEFAULT.maxRegions();
        int views = mirroredCropVectors == null ? ranks : 2 * ranks;
        float[][][] regionVectors = new float[views][frames][];
        QueryRegion[][] regionOf = new QueryRegion[views][frames];
        float[][] levelled = new float[frames][];
        float[] none = new float[dimension];
        for (float[][] vectors : regionVectors) {
            Arrays.fill(vectors, none);
        }
        Arrays.fill(levelled, none);
        for (int c = 0; c < crops.size(); c++) {
            RegionViews.Crop crop = crops.get(c);
            int from = crop.firstFrame();
            int to = from + crop.frames();
            if (crop.view() == RegionViews.LEVELLED) {
                Arrays.fill(levelled, from, to, cropVectors.get(c));
            } else {
                QueryRegion region = QueryRegion.of(crop.region(), side);
                Arrays.fill(regionVectors[crop.view()], from, to, cropVectors.get(c));
                Arrays.fill(regionOf[crop.view()], from, to, region);
                if (mirroredCropVectors != null) {
                    Arrays.fill(regionVectors[ranks + crop.view()], from, to, mirroredCropVectors.get(c));
                    Arrays.fill(regionOf[ranks + crop.view()], from, to, region);
                }
            }
        }
        List<QueryFeatures.RegionView> regions = new ArrayList<>();
        for (int v = 0; v < views; v++) {
            regions.add(new QueryFeatures.RegionView(new VideoFeatures(decoded.durationSeconds(), decoded.timestamps(),
                    regionVectors[v]), regionOf[v], v >= ranks));
        }
        return new QueryFeatures(decoded, mirrored, regions,
                new VideoFeatures(decoded.durationSeconds(), decoded.timestamps(), levelled), cuts);
    }

    /** A square packed BGR picture of {@code side} pixels flipped left to right (FFmpeg's hflip), as a new array. */
    static byte[] mirror(byte[] bgr, int side) {
        byte[] flipped = new byte[bgr.length];
        int row = side * 3;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                System.arraycopy(bgr, y * row + x * 3, flipped, y * row + (side - 1 - x) * 3, 3);
            }
        }
        return flipped;
    }
}
