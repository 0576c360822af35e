package org.vcd.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import org.vcd.domain.SimilarityMatrix;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.Candidate;
import org.vcd.matcher.CandidateRetrieval;
import org.vcd.matcher.FrameHit;
import org.vcd.matcher.FrameSpec;
import org.vcd.matcher.FrameStore;
import org.vcd.matcher.LuceneFrameStore;
import org.vcd.matcher.MatcherConfig;
import org.vcd.matcher.StoreException;
import org.vcd.matcher.StoreStats;
import org.vcd.matcher.VectorEncoding;

/**
 * Scale benchmark of the embedded frame store on synthetic vectors (a program, not a test), in three steps that
 * each print Markdown table rows, so that one built store serves several query runs:
 * <ul>
 *   <li>{@code StoreBenchmark build DIR [FRAMES [DIMENSION [ENCODING]]]} fills a new Lucene store in DIR with FRAMES
 *   stored keyframes (default 1,000,000 of 256 dimensions, {@link VectorEncoding#DEFAULT}) with
 *   {@link LuceneFrameStore#addAll}: one commit and a segment per writing thread, where a commit per video made the
 *   build a chain of small segments and graph merges;</li>
 *   <li>{@code StoreBenchmark compact DIR} compacts it ({@link FrameStore#compact()});</li>
 *   <li>{@code StoreBenchmark query DIR [QUERIES]} times 60-second queries (candidate retrieval plus the
 *   similarity matrices of the candidates, each part on its own) and measures the recall of their top-20
 *   candidate videos against exact search.</li>
 *   <li>{@code StoreBenchmark accuracy FLOAT_DIR INT8_DIR [QUERIES]} measures what int8 storage loses, on two stores
 *   holding the same videos (built by {@code build} with the same FRAMES, or a real library in both encodings):
 *   the error of the similarities matrices are built from (a float query frame against a stored frame) over pairs
 *   of stored frames; and, for synthetic stores, the recall of the int8 store's top-20 candidates against exact
 *   float search and the error of the candidates' matrix cells.</li>
 * </ul>
 *
 * <p>The vectors imitate video rather than noise, so that graph search meets the structure it meets in real
 * libraries: a video belongs to one of 64 genres (a shared direction), is cut into shots of 2-15 s, and each
 * shot's frames drift slowly around the shot's own direction (an AR(1) walk, correlation 0.9 per second), so
 * neighbouring frames are near-duplicates and shots of one video or genre resemble each other. Videos last 2-20
 * minutes, sampled at 1 fps; one frame in four is stored (a 0.25 fps keyframe rate, so 1,000,000 frames are
 * about 1,100 hours). A copy query is 60 s of a stored video's 1 fps frames, each moved by a transformation
 * shared by the whole query and by per-frame noise (cosine about 0.85 to the original); one query in five is an
 * unrelated new video. Video i of the store is always the same, so a query run regenerates its sources.
 */
public final class StoreBenchmark {

    private static final int GENRES = 64;
    private static final int STRIDE = 4;
    private static final int QUERY_SECONDS = 60;
    private static final int TOP = 20;
    private static final long SEED = 20261122L;

    private final int dimension;
    private final float[][] genres;

    private StoreBenchmark(int dimension) {
        this.dimension = dimension;
        Random random = new Random(SEED);
        genres = new float[GENRES][];
        for (int g = 0; g < GENRES; g++) {
            genres[g] = unit(random);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !List.of("build", "compact", "query", "accuracy").contains(args[0])
                || args[0].equals("accuracy") && args.length < 3) {
            System.err.println("usage: StoreBenchmark build DIR [FRAMES [DIMENSION [ENCODING]]] | compact DIR"
                    + " | query DIR [QUERIES] | accuracy FLOAT_DIR INT8_DIR [QUERIES]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "build" -> {
                if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
                    System.err.println(dir + " is not empty: the benchmark builds a new store");
                    System.exit(2);
                }
                long frames = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
                int dimension = args.length > 3 ? Integer.parseInt(args[3]) : 256;
                VectorEncoding encoding = args.length > 4 ? VectorEncoding.named(args[4]) : VectorEncoding.DEFAULT;
                new StoreBenchmark(dimension).build(dir, frames, encoding);
            }
            case "compact" -> compact(dir);
            case "accuracy" -> accuracy(dir, Path.of(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 50);
            default -> {
                int queries = args.length > 2 ? Integer.parseInt(args[2]) : 50;
                int dimension;
                try (LuceneFrameStore store = LuceneFrameStore.openForReading(dir)) {
                    dimension = store.spec().dimension();
                }
                new StoreBenchmark(dimension).query(dir, queries);
            }
        }
    }

    private void build(Path dir, long targetFrames, VectorEncoding encoding) {
        FrameSpec spec = new FrameSpec("synthetic", dimension, "uniform-" + STRIDE);
        long stored = 0;
        int videos = 0;
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(dir, spec, encoding)) {
            Map<String, VideoFeatures> all = new LinkedHashMap<>();
            while (stored < targetFrames) {
                VideoFeatures keyframes = keyframes(dense(videos));
                all.put("video-" + videos, keyframes);
                stored += keyframes.frameCount();
                videos++;
            }
            System.err.printf(Locale.ROOT, "%d frames generated, %.0f s; adding%n", stored, seconds(start));
            store.addAll(all, Map.of());
        }
        double buildSeconds = seconds(start);
        double buildCpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        System.gc();
        long rss = residentBytes();
        try (LuceneFrameStore store = LuceneFrameStore.openForReading(dir)) {
            StoreStats stats = store.stats();
            System.out.printf(Locale.ROOT, """
                    | stored frames | %,d in %,d videos (%.0f hours of video, 1 frame in %d of the 1 fps grid) |
                    | dimension | %d (%s, M=16, beam 100) |
                    | build | %.0f s wall, %,.0f frames/s (one `addAll`, one durable commit); %.0f s CPU, %,.0f frames per CPU second; %d segments at the end |
                    | disk after build | %,d bytes, %.0f bytes/frame, %.2f GB per 1,000 video hours |
                    | resident memory (RSS) after build | %,d MB |
                    """, stats.frames(), stats.videos(), stats.videoSeconds() / 3600, STRIDE, dimension,
                    encoding == VectorEncoding.INT8 ? "int8, byte HNSW" : "float32, 7-bit scalar-quantized HNSW",
                    buildSeconds,
                    stats.frames() / buildSeconds, buildCpuSeconds, stats.frames() / buildCpuSeconds,
                    segments(dir), stats.bytes(), (double) stats.bytes() / stats.frames(),
                    stats.bytes() / (stats.videoSeconds() / 3600) * 1000 / 1e9, rss >> 20);
        }
    }

    private static void compact(Path dir) {
        long segmentsBefore = segments(dir);
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        FrameSpec spec;
        try (LuceneFrameStore store = LuceneFrameStore.openForReading(dir)) {
            spec = store.spec();
        }
        try (LuceneFrameStore store = LuceneFrameStore.openForWriting(dir, spec)) {
            store.compact();
        }
        double wall = seconds(start);
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        try (LuceneFrameStore store = LuceneFrameStore.openForReading(dir)) {
            StoreStats stats = store.stats();
            System.out.printf(Locale.ROOT, """
                    | compaction (`compact()`: one segment) | %.0f s wall, %.0f s CPU; %d segments -> %d |
                    | disk after compaction | %,d bytes, %.0f bytes/frame |
                    """, wall, cpu, segmentsBefore, segments(dir), stats.bytes(), (double) stats.bytes() / stats.frames());
        }
    }

    private void query(Path dir, int queryCount) {
        long rssBefore = residentBytes();
        try (LuceneFrameStore store = LuceneFrameStore.openForReading(dir)) {
            StoreStats stats = store.stats();
            long openedRss = residentBytes();
            int videos = Math.toIntExact(stats.videos());
            CandidateRetrieval retrieval = new CandidateRetrieval(new MatcherConfig(MatcherConfig.DEFAULT.neighbours(),
                    MatcherConfig.DEFAULT.minSimilarity(), TOP, MatcherConfig.DEFAULT.gridStep()));
            Random random = new Random(SEED + 1);
            List<Long> latencies = new ArrayList<>();
            List<Long> cpuTimes = new ArrayList<>();
            List<Long> knnTimes = new ArrayList<>();
            List<Long> knnCpuTimes = new ArrayList<>();
            List<Long> matrixTimes = new ArrayList<>();
            List<Long> matrixCpuTimes = new ArrayList<>();
            List<Long> exactTimes = new ArrayList<>();
            List<VideoFeatures> queries = new ArrayList<>();
            List<List<Candidate>> exacts = new ArrayList<>();
            double recallSum = 0;
            int copies = 0;
            int copiesFound = 0;
            int warmup = Math.min(5, queryCount);
            for (int q = -warmup; q < queryCount; q++) {
                boolean copy = q % 5 != 4;
                int source = random.nextInt(videos);
                VideoFeatures query = copy ? copyQuery(dense(source), random) : unrelatedQuery(random);
                long t0 = System.nanoTime();
                long cpu0 = processCpuNanos();
                List<Candidate> candidates = retrieval.candidates(store, query);
                long t1 = System.nanoTime();
                long cpu1 = processCpuNanos();
                for (Candidate candidate : candidates) {
                    SimilarityMatrix.between(query, store.frames(candidate.videoId()).orElseThrow(), 1.0);
                }
                long t2 = System.nanoTime();
                long cpu2 = processCpuNanos();
                if (q < 0) {
                    continue;
                }
                latencies.add(t2 - t0);
                cpuTimes.add(cpu2 - cpu0);
                knnTimes.add(t1 - t0);
                knnCpuTimes.add(cpu1 - cpu0);
                matrixTimes.add(t2 - t1);
                matrixCpuTimes.add(cpu2 - cpu1);
                long e0 = processCpuNanos();
                List<Candidate> exact = retrieval.vote(exactNearest(store, informative(query),
                        MatcherConfig.DEFAULT.neighbours()));
                exactTimes.add(processCpuNanos() - e0);
                queries.add(query);
                exacts.add(exact);
                recallSum += recall(candidates, exact);
                if (copy) {
                    copies++;
                    if (candidates.stream().anyMatch(c -> c.videoId().equals("video-" + source))) {
                        copiesFound++;
                    }
                }
            }
            long rssAfterQueries = residentBytes();
            Runtime runtime = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, """
                    | store queried | %,d frames in %,d videos, %d segments, %,d bytes |
                    | resident memory (RSS) | %,d MB at start, %,d MB after opening for reading, %,d MB after queries (JVM heap in use %,d MB of max %,d MB) |
                    | 60 s query, candidates + %d matrices, wall | p50 %.0f ms, p95 %.0f ms over %d queries |
                    | the same, CPU time of the process (all threads) | p50 %.0f ms, p95 %.0f ms |
                    | of which candidate retrieval (kNN), wall / CPU | p50 %.0f / %.0f ms, p95 %.0f / %.0f ms |
                    | of which frames + matrices, wall / CPU | p50 %.0f / %.0f ms, p95 %.0f / %.0f ms |
                    | reference: exact search of the same 60 frames, CPU time (all threads) | p50 %.0f ms, p95 %.0f ms |
                    | recall of top-%d candidates vs exact search | %.4f |
                    | copy queries whose source is among the candidates | %d of %d |
                    """, stats.frames(), stats.videos(), segments(dir), stats.bytes(),
                    rssBefore >> 20, openedRss >> 20, rssAfterQueries >> 20,
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20,
                    TOP, percentile(latencies, 0.5), percentile(latencies, 0.95), latencies.size(),
                    percentile(cpuTimes, 0.5), percentile(cpuTimes, 0.95),
                    percentile(knnTimes, 0.5), percentile(knnCpuTimes, 0.5),
                    percentile(knnTimes, 0.95), percentile(knnCpuTimes, 0.95),
                    percentile(matrixTimes, 0.5), percentile(matrixCpuTimes, 0.5),
                    percentile(matrixTimes, 0.95), percentile(matrixCpuTimes, 0.95),
                    percentile(exactTimes, 0.5), percentile(exactTimes, 0.95),
                    TOP, recallSum / latencies.size(), copiesFound, copies);
            System.out.println("| graph search breadth per query frame (k = " + MatcherConfig.DEFAULT.neighbours()
                    + "; default " + Math.max(MatcherConfig.DEFAULT.neighbours(), LuceneFrameStore.MIN_SEARCH_BREADTH)
                    + "): candidate retrieval alone | wall p50, CPU p50, recall of top-" + TOP + " |");
            for (int breadth : new int[] {32, 40, 48, 64}) {
                List<Long> wall = new ArrayList<>();
                List<Long> cpu = new ArrayList<>();
                double recall = 0;
                for (int q = 0; q < queries.size(); q++) {
                    List<float[]> frames = informative(queries.get(q));
                    long t0 = System.nanoTime();
                    long cpu0 = processCpuNanos();
                    List<Candidate> candidates = retrieval.vote(store.nearest(frames,
                            MatcherConfig.DEFAULT.neighbours(), breadth));
                    wall.add(System.nanoTime() - t0);
                    cpu.add(processCpuNanos() - cpu0);
                    recall += recall(candidates, exacts.get(q));
                }
                System.out.printf(Locale.ROOT, "| breadth %d | %.0f ms, %.0f ms, %.4f |%n", breadth,
                        percentile(wall, 0.5), percentile(cpu, 0.5), recall / queries.size());
            }
        }
    }

    /** At most this many stored frames, spread over the library, are compared pairwise by {@code accuracy}. */
    private static final int ACCURACY_FRAMES = 2000;

    private static void accuracy(Path floatDir, Path int8Dir, int queryCount) {
        try (LuceneFrameStore exact = LuceneFrameStore.openForReading(floatDir);
             LuceneFrameStore int8 = LuceneFrameStore.openForReading(int8Dir)) {
            if (exact.encoding() != VectorEncoding.FLOAT32 || int8.encoding() != VectorEncoding.INT8
                    || !exact.spec().equals(int8.spec()) || !exact.videoIds().equals(int8.videoIds())) {
                throw new StoreException("accuracy needs a float32 and an int8 store of the same videos, not "
                        + exact.encoding() + " " + exact.spec() + " and " + int8.encoding() + " " + int8.spec());
            }
            // Frames of up to 40 videos spread evenly over the library, as stored floats and as dequantized bytes.
            List<String> ids = exact.videoIds();
            int stride = Math.max(1, ids.size() / 40);
            int perVideo = Math.max(1, ACCURACY_FRAMES / Math.min(ids.size(), 40));
            List<float[]> floats = new ArrayList<>();
            List<float[]> bytes = new ArrayList<>();
            for (int v = 0; v < ids.size() && floats.size() < ACCURACY_FRAMES; v += stride) {
                float[][] f = exact.frames(ids.get(v)).orElseThrow().vectors();
                float[][] b = int8.frames(ids.get(v)).orElseThrow().vectors();
                for (int i = 0; i < f.length && i < perVideo && floats.size() < ACCURACY_FRAMES; i++) {
                    if (!VideoFeatures.isBlank(f[i])) {
                        floats.add(f[i]);
                        bytes.add(b[i]);
                    }
                }
            }
            Errors all = new Errors();
            Errors similar = new Errors();
            for (float[] query : floats) {
                for (int j = 0; j < floats.size(); j++) {
                    float truth = VideoFeatures.dot(query, floats.get(j));
                    double error = Math.abs(VideoFeatures.dot(query, bytes.get(j)) - truth);
                    all.add(error);
                    if (truth >= 0.5) {
                        similar.add(error);
                    }
                }
            }
            System.out.printf(Locale.ROOT, """
                    | stores | %s (%,d frames, float32) and %s (int8) |
                    | similarity error, float frame x int8 stored frame, all %,d pairs of %,d frames | mean %.5f, max %.5f |
                    | the same, the %,d pairs of similarity at least 0.5 | mean %.5f, max %.5f |
                    """, floatDir, exact.stats().frames(), int8Dir, all.count, floats.size(), all.mean(), all.max,
                    similar.count, similar.mean(), similar.max);
            if (exact.spec().embedder().equals("synthetic")) {
                new StoreBenchmark(exact.spec().dimension()).queryAccuracy(exact, int8, queryCount);
            }
        }
    }

    /** Synthetic queries against both stores: int8 graph candidates against exact float candidates, matrix errors. */
    private void queryAccuracy(LuceneFrameStore exact, LuceneFrameStore int8, int queryCount) {
        int videos = Math.toIntExact(exact.stats().videos());
        CandidateRetrieval retrieval = new CandidateRetrieval(new MatcherConfig(MatcherConfig.DEFAULT.neighbours(),
                MatcherConfig.DEFAULT.minSimilarity(), TOP, MatcherConfig.DEFAULT.gridStep()));
        Random random = new Random(SEED + 1);
        double graphRecall = 0;
        double exactInt8Recall = 0;
        Errors cells = new Errors();
        for (int q = 0; q < queryCount; q++) {
            int source = random.nextInt(videos);
            VideoFeatures query = q % 5 != 4 ? copyQuery(dense(source), random) : unrelatedQuery(random);
            List<float[]> frames = informative(query);
            List<Candidate> truth = retrieval.vote(exactNearest(exact, frames, MatcherConfig.DEFAULT.neighbours()));
            List<Candidate> graph = retrieval.candidates(int8, query);
            graphRecall += recall(graph, truth);
            exactInt8Recall += recall(retrieval.vote(exactNearest(int8, frames, MatcherConfig.DEFAULT.neighbours())),
                    truth);
            for (Candidate candidate : graph) {
                float[] a = SimilarityMatrix.between(query, exact.frames(candidate.videoId()).orElseThrow(), 1.0)
                        .values();
                float[] b = SimilarityMatrix.between(query, int8.frames(candidate.videoId()).orElseThrow(), 1.0)
                        .values();
                for (int i = 0; i < a.length; i++) {
                    cells.add(Math.abs(a[i] - b[i]));
                }
            }
        }
        System.out.printf(Locale.ROOT, """
                | recall of the int8 store's top-%d candidates (graph search) vs exact float search, %d queries | %.4f |
                | the same, exact search over the int8 vectors (quantization alone) | %.4f |
                | matrix cell error, int8 vs float stored frames, %,d cells of the candidates' matrices | mean %.5f, max %.5f |
                """, TOP, queryCount, graphRecall / queryCount, exactInt8Recall / queryCount, cells.count, cells.mean(),
                cells.max);
    }

    /** The query's frames worth searching for: blank frames match nothing. */
    private static List<float[]> informative(VideoFeatures query) {
        return Arrays.stream(query.vectors()).filter(v -> !VideoFeatures.isBlank(v)).toList();
    }

    /**
     * What {@link FrameStore#nearest} approximates, found by comparing each query vector with every stored informative
     * frame as {@link FrameStore#frames} gives it back (the vectors the store rescores with): the exact answer, for
     * measuring the graph search's recall (too slow for serving). The videos are read on all cores.
     */
    static List<List<FrameHit>> exactNearest(FrameStore store, List<float[]> vectors, int k) {
        return store.videoIds().parallelStream().collect(() -> new TopHits(vectors, k),
                (top, id) -> top.offer(id, store.frames(id).orElseThrow()), TopHits::merge).best();
    }

    /** The k most similar stored frames seen so far, per query vector. */
    private static final class TopHits {
        private final List<float[]> vectors;
        private final int k;
        /** Per query vector, its best hits, the least similar at the head. */
        private final List<PriorityQueue<FrameHit>> best = new ArrayList<>();

        TopHits(List<float[]> vectors, int k) {
            this.vectors = vectors;
            this.k = k;
            for (int q = 0; q < vectors.size(); q++) {
                best.add(new PriorityQueue<>(k + 1, Comparator.comparingDouble(FrameHit::similarity)));
            }
        }

        void offer(String videoId, VideoFeatures video) {
            float[][] frames = video.vectors();
            for (int i = 0; i < frames.length; i++) {
                if (VideoFeatures.isBlank(frames[i])) {
                    continue; // blank frames are never stored in the graph, so never found
                }
                for (int q = 0; q < vectors.size(); q++) {
                    offer(q, videoId, i, VideoFeatures.dot(vectors.get(q), frames[i]));
                }
            }
        }

        private void offer(int q, String videoId, int frame, float similarity) {
            PriorityQueue<FrameHit> top = best.get(q);
            if (top.size() < k || similarity > top.peek().similarity()) {
                top.add(new FrameHit(videoId, frame, similarity));
                if (top.size() > k) {
                    top.poll();
                }
            }
        }

        void merge(TopHits other) {
            for (int q = 0; q < vectors.size(); q++) {
                for (FrameHit hit : other.best.get(q)) {
                    offer(q, hit.videoId(), hit.frame(), hit.similarity());
                }
            }
        }

        /** Each query vector's hits, most similar first. */
        List<List<FrameHit>> best() {
            List<List<FrameHit>> sorted = new ArrayList<>(best.size());
            for (PriorityQueue<FrameHit> top : best) {
                sorted.add(top.stream().sorted(Comparator.comparingDouble(FrameHit::similarity).reversed()).toList());
            }
            return sorted;
        }
    }

    /** Absolute errors: how many, their sum and the largest. */
    private static final class Errors {
        private long count;
        private double sum;
        private double max;

        void add(double error) {
            count++;
            sum += error;
            max = Math.max(max, error);
        }

        double mean() {
            return count == 0 ? Double.NaN : sum / count;
        }
    }

    /** Segments of the store's last commit: one graph each, which every query frame searches. */
    private static long segments(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".si")).count();
        } catch (IOException e) {
            throw new StoreException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The video's 1 fps frames: shots of 2-15 s, frames drifting slowly around each shot's direction. */
    private VideoFeatures dense(int video) {
        Random random = new Random(SEED * 31 + video);
        int seconds = 120 + random.nextInt(1081);
        float[] style = mix(genres[random.nextInt(GENRES)], 0.6, unit(random), 0.8);
        double[] timestamps = new double[seconds];
        float[][] vectors = new float[seconds][];
        float[] shot = null;
        float[] drift = new float[dimension];
        int shotLeft = 0;
        for (int t = 0; t < seconds; t++) {
            if (shotLeft == 0) {
                shot = mix(style, 0.5, unit(random), 0.87);
                shotLeft = 2 + random.nextInt(14);
                Arrays.fill(drift, 0);
            }
            shotLeft--;
            for (int k = 0; k < dimension; k++) {
                drift[k] = (float) (0.9 * drift[k] + Math.sqrt(1 - 0.81) * random.nextGaussian() / Math.sqrt(dimension));
            }
            timestamps[t] = t;
            vectors[t] = mix(shot, 1, drift, 0.6);
        }
        return new VideoFeatures(seconds, timestamps, vectors);
    }

    private static VideoFeatures keyframes(VideoFeatures dense) {
        int kept = (dense.frameCount() + STRIDE - 1) / STRIDE;
        double[] timestamps = new double[kept];
        float[][] vectors = new float[kept][];
        for (int i = 0; i < kept; i++) {
            timestamps[i] = dense.timestamps()[i * STRIDE];
            vectors[i] = dense.vectors()[i * STRIDE];
        }
        return new VideoFeatures(dense.durationSeconds(), timestamps, vectors);
    }

    /** 60 s of the source's frames, moved by one transformation for the whole query and noise per frame. */
    private VideoFeatures copyQuery(VideoFeatures source, Random random) {
        int from = random.nextInt(source.frameCount() - QUERY_SECONDS + 1);
        float[] transformation = unit(random);
        double[] timestamps = new double[QUERY_SECONDS];
        float[][] vectors = new float[QUERY_SECONDS][];
        for (int t = 0; t < QUERY_SECONDS; t++) {
            timestamps[t] = t;
            float[] moved = mix(source.vectors()[from + t], 1, transformation, 0.4);
            vectors[t] = mix(moved, 1, unit(random), 0.45);
        }
        return new VideoFeatures(QUERY_SECONDS, timestamps, vectors);
    }

    private VideoFeatures unrelatedQuery(Random random) {
        VideoFeatures fresh = dense(1_000_000_000 + random.nextInt(1_000_000));
        return new VideoFeatures(QUERY_SECONDS, Arrays.copyOf(fresh.timestamps(), QUERY_SECONDS),
                Arrays.copyOf(fresh.vectors(), QUERY_SECONDS));
    }

    private static double recall(List<Candidate> approximate, List<Candidate> exact) {
        if (exact.isEmpty()) {
            return 1;
        }
        Set<String> found = new HashSet<>();
        approximate.forEach(c -> found.add(c.videoId()));
        return exact.stream().filter(c -> found.contains(c.videoId())).count() / (double) exact.size();
    }

    private float[] unit(Random random) {
        float[] v = new float[dimension];
        for (int k = 0; k < dimension; k++) {
            v[k] = (float) random.nextGaussian();
        }
        return normalise(v);
    }

    private float[] mix(float[] a, double wa, float[] b, double wb) {
        float[] v = new float[dimension];
        for (int k = 0; k < dimension; k++) {
            v[k] = (float) (wa * a[k] + wb * b[k]);
        }
        return normalise(v);
    }

    private static float[] normalise(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        float inverse = (float) (1 / Math.sqrt(s));
        for (int k = 0; k < v.length; k++) {
            v[k] *= inverse;
        }
        return v;
    }

    private static double percentile(List<Long> nanos, double p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** This process's resident set size, from /proc (Linux). */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // not Linux: reported as 0
        }
        return 0;
    }
}
