package org.vcd.deploy.cli;

import java.util.Iterator;
import org.vcd.deploy.PipelineConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options choosing the pipeline's stages, the same on every command that runs it. */
final class PipelineOptions {

    @Option(names = "--embedder", paramLabel = "NAME", defaultValue = PipelineConfig.DEFAULT_EMBEDDER,
            description = "Frame embedder: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = Embedders.class)
    String embedder;

    @Option(names = "--keyframes", paramLabel = "NAME", defaultValue = PipelineConfig.DEFAULT_KEYFRAMES,
            description = "Keyframe selector: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = Keyframes.class)
    String keyframes;

    @Option(names = "--localizer", paramLabel = "NAME", defaultValue = PipelineConfig.DEFAULT_LOCALIZER,
            description = "Localizer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = Localizers.class)
    String localizer;

    @Option(names = "--mirror", negatable = true, defaultValue = PipelineConfig.DEFAULT_MIRROR, fallbackValue = "true",
            description = "Also embed each query frame mirrored left to right and keep the better similarity: finds"
            + " horizontally flipped copies, at about twice the embedding and search cost per query (default: on;"
            + " --no-mirror turns it off). Queries only: references are stored as they are.")
    boolean mirror;

    @Option(names = "--regions", negatable = true, defaultValue = PipelineConfig.DEFAULT_REGIONS,
            fallbackValue = "true", description = "Also embed each query frame's regions (the picture inside a border,"
            + " a picture-in-picture inset, one half of two stacked videos), each scaled up to a whole frame, and keep"
            + " the best similarity: finds bordered, inset and stacked copies, at up to two more embeddings and"
            + " searches per frame that has regions (default: ${DEFAULT-VALUE}). Queries only.")
    boolean regions;

    @Option(names = "--audio", paramLabel = "on|off", defaultValue = PipelineConfig.DEFAULT_AUDIO,
            description = "Match sound too (default: ${DEFAULT-VALUE}, until a benchmark with sound has measured it):"
            + " indexing stores each reference's sound landmarks, which needs a store made with --audio on;"
            + " checking looks the query's up in such a store and reports a copy seen or heard, each segment's"
            + " \"evidence\" saying which (docs/AUDIO.md).")
    String audio;

    /** The chosen stages; an unknown name is a usage error (exit 2) naming the allowed values. */
    PipelineConfig config(CommandSpec spec) {
        try {
            return new PipelineConfig(embedder, keyframes, localizer, mirror, regions, switch (audio) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("--audio is on or off, not '" + audio + "'");
            });
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** picocli lists these as each option's values in the help. */
    static final class Embedders implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PipelineConfig.EMBEDDERS.iterator();
        }
    }

    static final class Keyframes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PipelineConfig.KEYFRAMES.iterator();
        }
    }

    static final class Localizers implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PipelineConfig.LOCALIZERS.iterator();
        }
    }
}
