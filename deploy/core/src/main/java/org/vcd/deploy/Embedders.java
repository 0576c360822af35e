package org.vcd.deploy;

import java.util.List;
import java.util.function.Supplier;
import org.vcd.ingest.ClassicEmbedder;
import org.vcd.ingest.FrameEmbedder;

/** The frame embedders a pipeline may name: the one place they are built. */
public final class Embedders {

    /** The names, in the order help texts list them. */
    public static final List<String> NAMES = List.of("classic", "cnn", "mobilenet");

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
            default -> models::mobilenetEmbedder;
        };
    }
}
