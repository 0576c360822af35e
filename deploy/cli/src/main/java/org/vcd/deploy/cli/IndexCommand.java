package org.vcd.deploy.cli;

import org.vcd.deploy.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;
import org.vcd.deploy.VideoIds;
import org.vcd.ingest.IngestException;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.FrameStore;
import org.vcd.matcher.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "index", description = {
        "Adds reference videos to the store; re-adding an id replaces it.",
        "Prints one JSON line per stored reference. A refused file gets one error line on stderr,",
        "nothing is stored for it, the other files go on, and the exit code is 1."})
final class IndexCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    record Indexed(String reference, String file, int frames, double durationSeconds) {
    }

    @Option(names = "--store", required = true, description = "Store: a folder (created if missing) or "
            + "milvus://HOST:PORT/DATABASE/COLLECTION (token in $VCD_MILVUS_TOKEN).")
    String store;

    @Option(names = "--id", description = "Reference id; only with one file. Default: the file name without extension.")
    String id;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Reference video files.")
    List<Path> files;

    @Mixin
    PipelineOptions pipeline;

    @Override
    public Integer call() {
        if (id != null && files.size() != 1) {
            Vcd.error(spec, "--id names one reference, but " + files.size() + " files were given");
            return Vcd.EXIT_USAGE;
        }
        String invalid = id == null ? null : invalidId(id);
        if (invalid != null) {
            Vcd.error(spec, invalid);
            return Vcd.EXIT_USAGE;
        }
        try (PipelineModels models = new PipelineModels()) {
            CopyDetector detector = CopyDetector.of(pipeline.config(spec), models);
            FrameStore opened = null;
            int refused = 0;
            try {
                boolean sound = detector.keepsSound(store);
                for (Path file : files) {
                    String reference = id != null ? id : defaultId(file);
                    String invalidDefault = invalidId(reference);
                    if (invalidDefault != null) {
                        Vcd.error(spec, invalidDefault + " (from " + file.getFileName() + "); name it with --id");
                        refused++;
                        continue;
                    }
                    CopyDetector.Reference indexed;
                    try {
                        indexed = detector.reference(file, sound);
                    } catch (IngestException e) {
                        Vcd.error(spec, e.getMessage());
                        refused++;
                        continue;
                    }
                    // Opened only once a video is good, so refused input never creates a store.
                    if (opened == null) {
                        opened = detector.openStoreForWriting(store);
                    }
                    detector.store(opened, reference, file, indexed);
                    VideoFeatures features = indexed.frames();
                    Vcd.out(spec).println(Json.line(new Indexed(reference, file.toString(), features.frameCount(),
                            features.durationSeconds())));
                }
            } catch (StoreException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_STORE;
            } finally {
                if (opened != null) {
                    opened.close();
                }
            }
            return refused > 0 ? Vcd.EXIT_BAD_INPUT : 0;
        }
    }

    static String defaultId(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String invalidId(String id) {
        String problem = VideoIds.problem(id);
        return problem == null ? null : "a reference id " + problem;
    }
}
