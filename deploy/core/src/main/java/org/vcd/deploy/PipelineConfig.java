package org.vcd.deploy;

import java.util.List;
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
 * @param audio   whether sound is matched too: indexing stores each reference's landmarks (in a store made with
 *                audio), checking looks the query's up and fuses the sound's segments with the pictures' (docs/AUDIO.md).
 *                Off by default until a benchmark with sound has measured it
 */
public record PipelineConfig(String embedder, String keyframes, String localizer, boolean mirror, boolean regions,
                             boolean audio) {

    public static final List<String> EMBEDDERS = Embedders.NAMES;
    public static final List<String> KEYFRAMES = Keyframes.NAMES;
    public static final List<String> LOCALIZERS = Localizers.NAMES;

    // The defaults, as constants because the command line's option annotations name them too.
    public static final String DEFAULT_EMBEDDER = "classic";
    public static final String DEFAULT_KEYFRAMES = "uniform";
    public static final String DEFAULT_LOCALIZER = "spd";
    public static final String DEFAULT_MIRROR = "true";
    public static final String DEFAULT_REGIONS = "true";
    /** Off until a benchmark with sound measures what it adds (docs/AUDIO.md, What remains). */
    public static final String DEFAULT_AUDIO = "off";

    public static final PipelineConfig DEFAULT = new PipelineConfig(DEFAULT_EMBEDDER, DEFAULT_KEYFRAMES,
            DEFAULT_LOCALIZER, Boolean.parseBoolean(DEFAULT_MIRROR), Boolean.parseBoolean(DEFAULT_REGIONS),
            DEFAULT_AUDIO.equals("on"));

    /** The stages named, sound as {@link #DEFAULT_AUDIO}. */
    public PipelineConfig(String embedder, String keyframes, String localizer, boolean mirror, boolean regions) {
        this(embedder, keyframes, localizer, mirror, regions, DEFAULT_AUDIO.equals("on"));
    }

    public PipelineConfig {
        require("embedder", embedder, EMBEDDERS);
        Keyframes.requireValid(keyframes);
        require("localizer", localizer, LOCALIZERS);
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
     * {@code classic-uniform-tn-mirror-regions-audio}.
     */
    public String label() {
        return embedder + "-" + keyframes + "-" + localizer + (mirror ? "-mirror" : "") + (regions ? "-regions" : "")
                + (audio ? "-audio" : "");
    }

    public PipelineConfig withEmbedder(String newEmbedder) {
        return new PipelineConfig(newEmbedder, keyframes, localizer, mirror, regions);
    }

    /** The views a query is embedded in. */
    public QueryViews queryViews() {
        return new QueryViews(mirror, regions);
    }
}
