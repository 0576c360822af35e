package org.vcd.deploy;

import java.util.List;
import java.util.function.Supplier;
import org.vcd.ingest.ClassicEmbedder;
import org.vcd.ingest.FrameEmbedder;
import org.vcd.ingest.FusedEmbedder;

/** The frame embedders a pipeline may name: the one place they are built. */
public final class Embedders {

    /** The classic descriptor and the pretrained embedder side by side ({@link FusedEmbedder}). */
    public static final String FUSED = "fused";
    /** The names, in the order help texts list them. */
    public static final List<String> NAMES = List.of("classic", "cnn", "mobilenet", FUSED);

    /**
     * Share of the classic descriptor's similarity in the fused embedder's: chosen on the training split
     * (docs/BENCHMARKS.md, "Pretrained features").
     */
    static final double FUSED_CLASSIC_WEIGHT = 0.4;

    private Embedders() {
    }

    /**
     * Makes the named embedder, one per call (the classic one keeps scratch state per thread; the learned ones
     * are those {@code models} holds).
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    public static Supplier<FrameEmbedder> named(String name, PipelineModels models) {
        PipelineConfig.require("embedder", name, NAMES);
        return switch (name) {
            case "classic" -> ClassicEmbedder::new;
            case "cnn" -> models::cnnEmbedder;
            case "mobilenet" -> models::mobilenetEmbedder;
            default -> () -> new FusedEmbedder(models.mobilenetEmbedder(), FUSED_CLASSIC_WEIGHT);
        };
    }
}
