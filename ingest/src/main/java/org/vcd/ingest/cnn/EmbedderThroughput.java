package org.vcd.ingest.cnn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures the learned embedder's throughput on this machine: frames per second through {@link CnnEmbedder#embed}
 * at the batch ingest hands it (half its default queue, 16) and at a larger one. Pixels are random: the network's
 * cost does not depend on them. Run with the application's class path:
 * {@code java -cp 'vcd.jar:lib/*' org.vcd.ingest.cnn.EmbedderThroughput [MODEL_FOLDER] [FRAMES]}.
 */
public final class EmbedderThroughput {

    private EmbedderThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        try (CnnEmbedder embedder = args.length > 0 && !args[0].equals("default") ? CnnEmbedder.load(Path.of(args[0]), "cnn")
                : CnnEmbedder.loadDefault()) {
            Random random = new Random(1);
            int side = embedder.inputSize();
            for (int batch : new int[] {16, 64}) {
                List<byte[]> inputs = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    byte[] bgr = new byte[side * side * 3];
                    random.nextBytes(bgr);
                    inputs.add(bgr);
                }
                embedder.embed(inputs); // warm-up: the first run builds TensorFlow's kernels
                long began = System.nanoTime();
                int done = 0;
                while (done < frames) {
                    embedder.embed(inputs);
                    done += batch;
                }
                double seconds = (System.nanoTime() - began) / 1e9;
                System.out.printf(Locale.ROOT, "{\"embedder\": \"%s\", \"batch\": %d, \"frames\": %d, \"seconds\": %.2f,"
                        + " \"frames_per_second\": %.0f, \"cores\": %d}%n", embedder.name(), batch, done, seconds,
                        done / seconds, Runtime.getRuntime().availableProcessors());
            }
        }
    }
}
