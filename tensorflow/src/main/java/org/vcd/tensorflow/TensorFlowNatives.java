package org.vcd.tensorflow;

import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.tensorflow.TensorFlow;

/**
 * One TensorFlow native library for training (TF Java) and serving (DJL): DJL's own native jar is a mislabelled
 * CUDA build and would otherwise be downloaded, which this system never does.
 */
public final class TensorFlowNatives {

    private static volatile String version;

    private TensorFlowNatives() {
    }

    /** Loads TF Java's natives (unpacked by JavaCPP into its cache folder) and points DJL at them; idempotent. */
    public static synchronized String prepare() {
        if (version != null) {
            return version;
        }
        String loaded = TensorFlow.version();
        String folder = null;
        for (Map.Entry<String, String> library : Loader.getLoadedLibraries().entrySet()) {
            if (library.getKey().startsWith("jnitensorflow") && library.getValue() != null) {
                folder = Path.of(library.getValue()).getParent().toString();
            }
        }
        if (folder == null) {
            throw new IllegalStateException("TensorFlow " + loaded + " loaded, but its JNI library was not found among "
                    + Loader.getLoadedLibraries().keySet());
        }
        System.setProperty("TENSORFLOW_LIBRARY_PATH", folder);
        System.setProperty("ai.djl.offline", "true");
        // DJL probes for a GPU at start and warns on every CPU-only machine; with slf4j-simple (the CLI's) that warning
        // is kept to errors. Other logging backends ignore this property.
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda", "error");
        version = loaded;
        return loaded;
    }
}
