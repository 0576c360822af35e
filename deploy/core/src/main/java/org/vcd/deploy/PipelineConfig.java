package org.vcd.deploy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.vcd.ingest.QueryViews;

/**
 * Which implementation each pipeline stage uses, by name: the same choice for indexing, checking and benchmarking.
 * Only the names listed in {@link #EMBEDDERS}, {@link #KEYFRAMES} (each optionally with a setting, see
 * {@link Keyframes}) and {@link #LOCALIZERS} exist. The defaults are the ones the benchmark chose.
 *
 * @param mirror  whether a query's frames are also embedded mirrored left to right, each matrix cell keeping the
 *                better similarity (flip robustness, for any embedder); references are stored as decoded either way
 * @param regions whether a query's frames are also embedded in their regions (the picture inside a border, a
 *                picture-in-picture inset, a stacked half: {@code ContentRegions}), each cell keeping the best view
 * @param audio   whether sound is matched too ({@link Audio}): in a store that keeps sound, indexing stores each
 *                reference's landmarks and checking looks the query's up and fuses the sound's segments with the
 *                pictures' (docs/AUDIO.md)
 * @param audioOnly whether a segment only the sound found is reported (evidence {@code ["audio"]}): a copy whose
 *                pictures are disguised beyond recognition, or a soundtrack shared with the reference over other
 *                pictures. Whether the latter is a copy is the library's decision; without it the sound only confirms
 *                and extends what the pictures found
 */
public record PipelineConfig(String embedder, String keyframes, String localizer, boolean mirror, boolean regions,
                             Audio audio, boolean audioOnly) {

    /**
     * Whether the sound is matched. A store keeps its references' sound or not from the day it is made (a library
     * where some references have sound and others not would miss the others' copies by sound), so the setting is
     * mostly the store's: {@code auto} matches sound wherever the store keeps it and makes new stores keep it;
     * {@code on} insists (refusing a store without sound); {@code off} never matches it and makes stores without it.
     */
    public enum Audio {
        AUTO, ON, OFF;

        /** The command line's word for it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the allowed words */
        public static Audio parse(String word) {
            for (Audio audio : values()) {
                if (audio.label().equals(word)) {
                    return audio;
                }
            }
            throw new IllegalArgumentException("--audio is auto, on or off, not '" + word + "'");
        }

        /** Whether a store made now keeps its references' sound. */
        public boolean newStoresKeepSound() {
            return this != OFF;
        }

        /** Whether a check matches sound against a store that does ({@code storeHasSound}) or does not keep it. */
        public boolean matchesSoundIn(boolean storeHasSound) {
            return this != OFF && storeHasSound;
        }
    }

    public static final List<String> EMBEDDERS = Embedders.NAMES;
    public static final List<String> KEYFRAMES = Keyframes.NAMES;
    public static final List<String> LOCALIZERS = Localizers.NAMES;

    // The defaults, as constants because the command line's option annotations name them too.
    public static final String DEFAULT_EMBEDDER = "classic";
    public static final String DEFAULT_KEYFRAMES = "uniform";
    public static final String DEFAULT_LOCALIZER = "spd+tn";
    public static final String DEFAULT_MIRROR = "true";
    public static final String DEFAULT_REGIONS = "true";
    /**
     * Sound wherever the store keeps it: on the benchmarks with sound it raised F1 and added no false alarm
     * (docs/BENCHMARKS.md, "Sound"), and stores made before sound was stored keep working as they did.
     */
    public static final String DEFAULT_AUDIO = "auto";

    /** A shared soundtrack is reported, as an audio-only match: a library that disagrees turns it off. */
    public static final String DEFAULT_AUDIO_ONLY = "report";

    public static final PipelineConfig DEFAULT = new PipelineConfig(DEFAULT_EMBEDDER, DEFAULT_KEYFRAMES,
            DEFAULT_LOCALIZER, Boolean.parseBoolean(DEFAULT_MIRROR), Boolean.parseBoolean(DEFAULT_REGIONS));

    /** The stages named, sound as {@link #DEFAULT_AUDIO} and {@link #DEFAULT_AUDIO_ONLY}. */
    public PipelineConfig(String embedder, String keyframes, String localizer, boolean mirror, boolean regions) {
        this(embedder, keyframes, localizer, mirror, regions, Audio.parse(DEFAULT_AUDIO),
                reportsAudioOnly(DEFAULT_AUDIO_ONLY));
    }

    /**
     * Whether {@code word} ({@code report} or {@code ignore}) reports audio-only segments.
     *
     * @throws IllegalArgumentException for another word
     */
    public static boolean reportsAudioOnly(String word) {
        return switch (word) {
            case "report" -> true;
            case "ignore" -> false;
            default -> throw new IllegalArgumentException("--audio-only is report or ignore, not '" + word + "'");
        };
    }

    public PipelineConfig {
        require("embedder", embedder, EMBEDDERS);
        Keyframes.requireValid(keyframes);
        require("localizer", localizer, LOCALIZERS);
        Objects.requireNonNull(audio, "audio");
    }

    /** @throws IllegalArgumentException naming the allowed names when {@code name} is not one of them */
    static void require(String what, String name, List<String> allowed) {
        if (!allowed.contains(name)) {
            throw new IllegalArgumentException("unknown " + what + " '" + name + "'; allowed: "
                    + String.join(", ", allowed));
        }
    }

    /**
     * A short label for reports and file names, e.g. {@code classic-uniform-tn} or
     * {@code classic-uniform-tn-mirror-regions-audio} (sound {@code on}; {@code auto} adds {@code -audio-auto}, and
     * {@code -confirming} follows either when audio-only segments are ignored).
     */
    public String label() {
        return embedder + "-" + keyframes + "-" + localizer + (mirror ? "-mirror" : "") + (regions ? "-regions" : "")
                + switch (audio) {
                    case ON -> "-audio";
                    case AUTO -> "-audio-auto";
                    case OFF -> "";
                } + (audio != Audio.OFF && !audioOnly ? "-confirming" : "");
    }

    public PipelineConfig withEmbedder(String newEmbedder) {
        return new PipelineConfig(newEmbedder, keyframes, localizer, mirror, regions, audio, audioOnly);
    }

    public PipelineConfig withAudio(Audio newAudio) {
        return new PipelineConfig(embedder, keyframes, localizer, mirror, regions, newAudio, audioOnly);
    }

    public PipelineConfig withAudioOnly(boolean report) {
        return new PipelineConfig(embedder, keyframes, localizer, mirror, regions, audio, report);
    }

    /** The views a query is embedded in. */
    public QueryViews queryViews() {
        return new QueryViews(mirror, regions);
    }
}
