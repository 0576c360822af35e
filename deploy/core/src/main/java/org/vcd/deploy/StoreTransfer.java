package org.vcd.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vcd.audio.Landmark;
import org.vcd.audio.LandmarkCodec;
import org.vcd.domain.VideoFeatures;
import org.vcd.matcher.FrameSpec;
import org.vcd.matcher.FrameStore;

/**
 * Moves a library between stores through a file, one video at a time (memory holds one video, not the library).
 * The format, version {@value #VERSION}, is UTF-8 JSON lines:
 * <pre>
 * {"format": "vcd-frames", "version": 2, "embedder": E, "dimension": D, "keyframes": K, "audio": A}
 * {"video": ID, "duration_seconds": S, "metadata": {...}, "timestamps": [t0, t1, ...], "vectors": BASE64,
 *  "landmarks": BASE64}
 * ...
 * {"end": true, "videos": N}
 * </pre>
 * {@code vectors} is the video's frames as little-endian float32, frame after frame ({@code D} floats each), so a
 * store's exact vectors survive the trip. {@code audio} says whether the store keeps sound landmarks; if it does,
 * {@code landmarks} is each video's in {@link LandmarkCodec}'s encoding, and absent otherwise. Version 1 files (before
 * sound) have neither and import as a store without audio. The end line tells a whole file from a cut one. Importing
 * a video replaces any video of that id, so importing a file twice leaves the same library.
 */
public final class StoreTransfer {

    public static final String FORMAT = "vcd-frames";
    public static final int VERSION = 2;
    /** The version before sound, still read. */
    private static final int VERSION_WITHOUT_AUDIO = 1;

    record Header(String format, int version, String embedder, int dimension, String keyframes, boolean audio) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Video(String video, double durationSeconds, Map<String, String> metadata, double[] timestamps,
                 String vectors, String landmarks) {
    }

    record End(boolean end, long videos) {
    }

    private StoreTransfer() {
    }

    /** Writes every video of {@code store} to {@code out}; returns how many. */
    public static long exportTo(FrameStore store, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        FrameSpec spec = store.spec();
        line(writer, new Header(FORMAT, VERSION, spec.embedder(), spec.dimension(), spec.keyframes(), spec.audio()));
        long videos = 0;
        for (String id : store.videoIds()) {
            VideoFeatures frames = store.frames(id).orElse(null);
            Map<String, String> metadata = store.metadata(id).orElse(null);
            List<Landmark> landmarks = spec.audio() ? store.landmarks(id).orElse(null) : null;
            if (frames == null || metadata == null || spec.audio() && landmarks == null) {
                continue; // deleted while we were exporting
            }
            line(writer, new Video(id, frames.durationSeconds(), metadata, frames.timestamps(),
                    encode(frames, spec.dimension()),
                    landmarks == null ? null : Base64.getEncoder().encodeToString(LandmarkCodec.encode(landmarks))));
            videos++;
        }
        line(writer, new End(true, videos));
        writer.flush();
        return videos;
    }

    /**
     * Adds every video in {@code in} to the store {@code open} returns for the file's spec (opening or creating it);
     * returns how many. A malformed or cut file fails with {@link IOException} naming the line, after the whole
     * videos before it were imported.
     */
    public static long importFrom(InputStream in, Function<FrameSpec, FrameStore> open) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String first = reader.readLine();
        Header header = first == null ? null : parse(first, Header.class, 1);
        if (header == null || !FORMAT.equals(header.format())) {
            throw new IOException("not a vcd frame export (its first line must name format " + FORMAT + ")");
        }
        if (header.version() != VERSION && header.version() != VERSION_WITHOUT_AUDIO) {
            throw new IOException("export version " + header.version() + ", this vcd reads versions "
                    + VERSION_WITHOUT_AUDIO + " and " + VERSION);
        }
        FrameSpec spec = new FrameSpec(header.embedder(), header.dimension(), header.keyframes(), header.audio());
        long imported = 0;
        try (FrameStore store = open.apply(spec)) {
            int number = 1;
            for (String text; (text = reader.readLine()) != null; ) {
                number++;
                JsonNode node = parse(text, JsonNode.class, number);
                if (node.has("end")) {
                    End end = parse(text, End.class, number);
                    if (end.videos() != imported) {
                        throw new IOException("line " + number + ": the file says " + end.videos()
                                + " videos, it holds " + imported);
                    }
                    return imported;
                }
                Video video = parse(text, Video.class, number);
                try {
                    store.add(video.video(), new VideoFeatures(video.durationSeconds(), video.timestamps(),
                                    decode(video.vectors(), video.timestamps().length, spec.dimension())),
                            video.landmarks() == null ? null
                                    : LandmarkCodec.decode(Base64.getDecoder().decode(video.landmarks())),
                            video.metadata() == null ? Map.of() : video.metadata());
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IOException("line " + number + ": video " + video.video() + " is malformed: "
                            + e.getMessage(), e);
                }
                imported++;
            }
        }
        throw new IOException("the file ends after " + imported + " videos without its end line: it was cut short");
    }

    private static void line(Writer writer, Object value) throws IOException {
        writer.write(Json.line(value));
        writer.write('\n');
    }

    private static <T> T parse(String text, Class<T> type, int number) throws IOException {
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IOException("line " + number + " is not a valid " + type.getSimpleName().toLowerCase()
                    + " record: " + e.getOriginalMessage().replaceAll("\\s+", " "), e);
        }
    }

    private static String encode(VideoFeatures video, int dimension) {
        ByteBuffer buffer = ByteBuffer.allocate(video.frameCount() * dimension * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (float[] vector : video.vectors()) {
            for (float x : vector) {
                buffer.putFloat(x);
            }
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private static float[][] decode(String base64, int frames, int dimension) {
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.remaining() != frames * dimension * Float.BYTES) {
            throw new IllegalArgumentException(buffer.remaining() + " vector bytes for " + frames + " frames of "
                    + dimension + " floats");
        }
        float[][] vectors = new float[frames][dimension];
        for (float[] vector : vectors) {
            for (int k = 0; k < dimension; k++) {
                vector[k] = buffer.getFloat();
            }
        }
        return vectors;
    }
}
