package org.vcd.deploy.cli;

import org.vcd.deploy.Json;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;
import org.vcd.ingest.IngestException;
import org.vcd.matcher.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", description = {
        "Checks one video against the store and prints one JSON object:",
        "{\"query\": FILE, \"matches\": [{\"reference\": ID, \"score\": 0..1, \"segments\": [{\"query_start\": s,",
        " \"query_end\": s, \"reference_start\": s, \"reference_end\": s, \"score\": 0..1}]}]}",
        "Times in seconds, best match first; \"matches\" is empty when nothing is copied."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, description = "Store made by 'vcd index': a folder or a Milvus URI.")
    String store;

    @Parameters(arity = "1", paramLabel = "FILE", description = "The video to check.")
    Path file;

    @Mixin
    PipelineOptions pipeline;

    @Override
    public Integer call() {
        try (PipelineModels models = new PipelineModels()) {
            CopyDetector detector = CopyDetector.of(pipeline.config(spec), models);
            try (var opened = detector.openStoreForReading(store)) {
                Vcd.out(spec).println(Json.line(detector.check(opened, file, file.toString())));
                return 0;
            } catch (IngestException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_BAD_INPUT;
            } catch (StoreException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_STORE;
            }
        }
    }
}
