package org.vcd.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.vcd.ingest.ClassicEmbedder;
import org.vcd.ingest.FrameEmbedder;
import org.vcd.ingest.cnn.CnnEmbedder;

/** The frame embedders a pipeline may name: the one place they are built. */
public final class Embedders {

    private static final Map<String, Supplier<FrameEmbedder>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("classic", ClassicEmbedder::new);
        BY_NAME.put("cnn", Embedders::cnn);
    }

    /** The names, in the order help texts list them. */
    public static final List<String> NAMES = List.copyOf(BY_NAME.keySet());

    /** The committed CNN, loaded on first use and shared: it serves any number of threads. */
    private static CnnEmbedder cnn;

    private Embedders() {
    }

    private static synchronized FrameEmbedder cnn() {
        if (cnn == null) {
            cnn = CnnEmbedder.loadDefault();
        }
        return cnn;
    }

    /**
     * Makes the named embedder, one per call (the classic one keeps scratch state per thread; the CNN is shared).
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    public static Supplier<FrameEmbedder> named(String name) {
        Supplier<FrameEmbedder> embedder = BY_NAME.get(name);
        if (embedder == null) {
            throw new IllegalArgumentException("unknown embedder '" + name + "'; allowed: " + String.join(", ", NAMES));
        }
        return embedder;
    }
}
