package org.vcd.deploy.cli;

import org.vcd.deploy.PipelineConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options choosing the pipeline's stages, the same on every command that runs it. */
final class PipelineOptions {

    @Option(names = "--embedder", paramLabel = "NAME", defaultValue = "classic",
            description = "Frame embedder: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = Embedders.class)
    String embedder;

    @Option(names = "--keyframes", paramLabel = "NAME", defaultValue = "uniform",
            description = "Keyframe selector: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = Keyframes.class)
    String keyframes;

    @Option(names = "--localizer", paramLabel = "NAME", defaultValue = "tn",
            description = "Localizer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = Localizers.class)
    String localizer;

    /** The chosen stages; an unknown name is a usage error (exit 2) naming the allowed values. */
    PipelineConfig config(CommandSpec spec) {
        try {
            return new PipelineConfig(embedder, keyframes, localizer);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static final class Embedders extends java.util.ArrayList<String> {
        Embedders() {
            super(PipelineConfig.EMBEDDERS);
        }
    }

    static final class Keyframes extends java.util.ArrayList<String> {
        Keyframes() {
            super(PipelineConfig.KEYFRAMES);
        }
    }

    static final class Localizers extends java.util.ArrayList<String> {
        Localizers() {
            super(PipelineConfig.LOCALIZERS);
        }
    }
}
