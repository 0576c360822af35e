package org.vcd.deploy.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineConfig;
import org.vcd.deploy.PipelineModels;
import org.vcd.deploy.Json;
import org.vcd.ingest.ClassicEmbedder;
import org.vcd.ingest.IngestException;
import org.vcd.ingest.IngestProgress;
import org.vcd.ingest.PlainDecode;
import org.vcd.ingest.VideoIngest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Ingest speed against its floor: FFmpeg decoding and scaling the same files to the same size with nothing
 * else, measured in the same run on the same threads. The pipeline is decode + sample + embed + keyframes +
 * store into a temporary Lucene store.
 */
@Command(name = "ingest", description = {
        "Measures ingest speed (video seconds per wall second) over a folder of videos: plain FFmpeg decoding",
        "to the embedder's frame size vs the whole pipeline (decode, sample, embed, store), and their ratio.",
        "Prints one JSON object."})
final class IngestBenchCommand implements Callable<Integer> {

    private static final Set<String> VIDEO_EXTENSIONS =
            Set.of("mp4", "m4v", "mkv", "webm", "avi", "mov", "ogv", "ogg", "mpg", "mpeg", "ts", "flv", "wmv");

    @Spec
    CommandSpec spec;

    @Option(names = "--videos", required = true, description = "Folder of videos, searched recursively.")
    Path videos;

    @Option(names = "--threads", defaultValue = "2", description = "Videos decoded at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--rounds", defaultValue = "1",
            description = "Alternating plain/pipeline rounds; totals add up all rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    record Refused(String file, String reason, String message) {
    }

    /**
     * @param cpuSeconds             CPU time of the whole process (all threads, FFmpeg's included) in this phase
     * @param videoSecondsPerCpuSecond the speed the phase would have with its cores to itself: a steadier measure
     *                               than wall time on a shared machine
     */
    record Phase(double wallSeconds, double videoSecondsPerSecond, double cpuSeconds,
                 double videoSecondsPerCpuSecond, long frames) {

        static Phase of(double wallSeconds, double cpuSeconds, double videoSeconds, long frames) {
            return new Phase(wallSeconds, videoSeconds / wallSeconds, cpuSeconds, videoSeconds / cpuSeconds, frames);
        }
    }

    /**
     * @param ratio    pipeline speed / plain decode speed, by wall time
     * @param cpuRatio the same by CPU time
     */
    record Report(String videos, int files, int threads, int rounds, double videoSeconds, Phase plainDecode,
                  Phase pipeline, double ratio, double cpuRatio, List<Refused> refused, String note) {
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Override
    public Integer call() throws IOException {
        if (threads < 1 || rounds < 1) {
            Vcd.error(spec, "--threads and --rounds must be at least 1");
            return Vcd.EXIT_USAGE;
        }
        List<Path> files = videoFiles(videos);
        if (files.isEmpty()) {
            Vcd.error(spec, "no video files under " + videos);
            return Vcd.EXIT_BAD_INPUT;
        }
        try (PipelineModels models = new PipelineModels()) {
            // The batch path decodes pictures only, so its stores keep no sound (docs/AUDIO.md, What remains).
            CopyDetector detector = CopyDetector.of(PipelineConfig.DEFAULT.withAudio(PipelineConfig.Audio.OFF), models);
            double plainWall = 0;
            double pipelineWall = 0;
            double plainCpu = 0;
            double pipelineCpu = 0;
            long plainFrames = 0;
            long pipelineFrames = 0;
            double videoSeconds = 0;
            List<Refused> refused = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                long began = System.nanoTime();
                long cpu = OS.getProcessCpuTime();
                plainFrames += plainDecode(files);
                plainWall += (System.nanoTime() - began) / 1e9;
                plainCpu += (OS.getProcessCpuTime() - cpu) / 1e9;

                Path store = Files.createTempDirectory("vcd-bench-ingest-");
                AtomicLong frames = new AtomicLong();
                double[] seconds = {0};
                refused.clear();
                began = System.nanoTime();
                cpu = OS.getProcessCpuTime();
                try (var opened = detector.openStoreForWriting(store)) {
                    List<URI> sources = files.stream().map(Path::toUri).toList();
                    detector.referenceFeatures(sources, threads, IngestProgress.NONE, outcome -> {
                        Path file = Path.of(outcome.source());
                        if (outcome.error() != null) {
                            refused.add(new Refused(file.toString(), outcome.error().reason().name(),
                                    outcome.error().getMessage()));
                            return;
                        }
                        detector.store(opened, videos.relativize(file).toString(), file,
                                new CopyDetector.Reference(outcome.features(), null));
                        frames.addAndGet(outcome.features().frameCount());
                        seconds[0] += outcome.features().durationSeconds();
                    });
                } finally {
                    pipelineWall += (System.nanoTime() - began) / 1e9;
                    pipelineCpu += (OS.getProcessCpuTime() - cpu) / 1e9;
                    deleteTree(store);
                }
                pipelineFrames += frames.get();
                videoSeconds = seconds[0];
            }
            double total = videoSeconds * rounds;
            Phase plain = Phase.of(plainWall, plainCpu, total, plainFrames);
            Phase pipeline = Phase.of(pipelineWall, pipelineCpu, total, pipelineFrames);
            Vcd.out(spec).println(Json.line(new Report(videos.toString(), files.size(), threads, rounds, videoSeconds,
                    plain, pipeline, pipeline.videoSecondsPerSecond() / plain.videoSecondsPerSecond(),
                    pipeline.videoSecondsPerCpuSecond() / plain.videoSecondsPerCpuSecond(), refused,
                    "video seconds are those the pipeline accepted; plain decode also decodes refused files")));
            return 0;
        }
    }

    /** Decodes every file {@code threads} at a time to the embedder's input size; returns the frames decoded. */
    private long plainDecode(List<Path> files) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> decoded = new ArrayList<>();
            for (Path file : files) {
                decoded.add(pool.submit(() -> {
                    try {
                        return PlainDecode.frames(file, ClassicEmbedder.INPUT_SIZE);
                    } catch (IngestException e) {
                        return 0L; // Refused files are reported by the pipeline pass.
                    }
                }));
            }
            long frames = 0;
            for (Future<Long> file : decoded) {
                frames += file.get();
            }
            return frames;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Path> videoFiles(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                return dot > 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
            }).sorted().toList();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
