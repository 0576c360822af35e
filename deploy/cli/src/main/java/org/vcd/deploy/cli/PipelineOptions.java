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

    @Option(names = "--audio", paramLabel = "auto|on|off", defaultValue = PipelineConfig.DEFAULT_AUDIO,
            description = "Match sound too (default: ${DEFAULT-VALUE}). A store keeps its references' sound landmarks"
            + " or not from the day it is made: auto makes new stores keep them and matches sound wherever the"
            + " store keeps it (stores made without sound work as before); on insists (refusing a store without"
            + " sound); off makes stores without sound and never matches it. Checking reports a copy seen or heard,"
            + " each segment's \"evidence\" saying which (docs/AUDIO.md).")
    String audio;

    @Option(names = "--audio-only", paramLabel = "report|ignore", defaultValue = PipelineConfig.DEFAULT_AUDIO_ONLY,
            description = "A segment only the sound found (evidence [\"audio\"]: a copy whose pictures are disguised"
            + " beyond recognition, or the reference's soundtrack under other pictures): report it (default:"
            + " ${DEFAULT-VALUE}) or ignore it, so that the sound only confirms and extends what the pictures found.")
    String audioOnly;

    /** The chosen stages; an unknown name is a usage error (exit 2) naming the allowed values. */
    PipelineConfig config(CommandSpec spec) {
        try {
            return new PipelineConfig(embedder, keyframes, localizer, mirror, regions,
                    PipelineConfig.Audio.parse(audio), PipelineConfig.reportsAudioOnly(audioOnly));
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
