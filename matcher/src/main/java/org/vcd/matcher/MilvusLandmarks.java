package org.vcd.matcher;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.vcd.audio.Landmark;
import org.vcd.audio.LandmarkCodec;

/**
 * The sound landmarks of a Milvus store with audio, in a collection of their own beside the frames' (named after it
 * with {@value #SUFFIX}): a landmark row would otherwise carry a frame vector. One row per landmark: {@code key}
 * ({@code video#index}), {@code video_id}, {@code hash} (Int32 with an INVERTED scalar index: the lookup from hash to
 * videos is a {@code hash in [...]} filter) and {@code time} (ms). Milvus wants a vector field in every collection;
 * {@code hash_bits} is the hash's 32 bits as a binary vector (BIN_FLAT, Hamming), so the field carries the landmark
 * rather than padding. {@link MilvusFrameStore} writes a video's landmark rows before its video row, whose presence
 * says they are all in, and deletes them with its frames.
 */
final class MilvusLandmarks {

    static final String SUFFIX = "_landmarks";
    static final String FIELD_HASH = "hash";
    static final String FIELD_TIME = "time";
    static final String FIELD_HASH_BITS = "hash_bits";
    /** Rows per insert: a landmark row is about 60 bytes, so 8,192 make half a megabyte. */
    private static final int INSERT_BATCH = 8192;
    /** Hashes per lookup query: the filter's list stays well under Milvus's expression limits. */
    private static final int HASH_BATCH = 1024;
    private static final int MAX_ID_BYTES = 1024;

    private final MilvusConfig config;
    private final MilvusClientV2 client;
    private final String collection;

    MilvusLandmarks(MilvusConfig config, MilvusClientV2 client) {
        this.config = config;
        this.client = client;
        this.collection = config.collection() + SUFFIX;
    }

    void create() {
        CreateCollectionReq.CollectionSchema schema = client.createSchema();
        schema.addField(AddFieldReq.builder().fieldName(MilvusFrameStore.FIELD_KEY).dataType(DataType.VarChar)
                .maxLength(2 * MAX_ID_BYTES).isPrimaryKey(true).autoID(false).build());
        schema.addField(AddFieldReq.builder().fieldName(MilvusFrameStore.FIELD_VIDEO).dataType(DataType.VarChar)
                .maxLength(MAX_ID_BYTES).build());
        schema.addField(AddFieldReq.builder().fieldName(FIELD_HASH).dataType(DataType.Int32).build());
        schema.addField(AddFieldReq.builder().fieldName(FIELD_TIME).dataType(DataType.Int32).build());
        schema.addField(AddFieldReq.builder().fieldName(FIELD_HASH_BITS).dataType(DataType.BinaryVector)
                .dimension(Integer.SIZE).build());
        List<IndexParam> indexes = List.of(
                IndexParam.builder().fieldName(FIELD_HASH).indexType(IndexParam.IndexType.INVERTED).build(),
                IndexParam.builder().fieldName(FIELD_HASH_BITS).indexType(IndexParam.IndexType.BIN_FLAT)
                        .metricType(IndexParam.MetricType.HAMMING).build());
        MilvusFrameStore.call(config, "create", () -> {
            client.createCollection(CreateCollectionReq.builder()
                    .collectionName(collection)
                    .description("vcd sound landmarks of " + config.collection())
                    .collectionSchema(schema)
                    .indexParams(indexes)
                    .consistencyLevel(ConsistencyLevel.STRONG)
                    .build());
            return null;
        });
    }

    void load() {
        MilvusFrameStore.call(config, "load", () -> {
            client.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
            return null;
        });
    }

    void insert(String videoId, List<Landmark> landmarks) {
        List<JsonObject> rows = new ArrayList<>(Math.min(INSERT_BATCH, landmarks.size()));
        for (int i = 0; i < landmarks.size(); i++) {
            Landmark landmark = landmarks.get(i);
            JsonObject row = new JsonObject();
            row.addProperty(MilvusFrameStore.FIELD_KEY, videoId + "#" + i);
            row.addProperty(MilvusFrameStore.FIELD_VIDEO, videoId);
            row.addProperty(FIELD_HASH, landmark.hash());
            row.addProperty(FIELD_TIME, landmark.timeMs());
            JsonArray bits = new JsonArray(Integer.BYTES); // the client reads a binary vector as a JSON array of bytes
            for (int b = 0; b < Integer.BYTES; b++) {
                bits.add((byte) (landmark.hash() >>> (8 * b)));
            }
            row.add(FIELD_HASH_BITS, bits);
            rows.add(row);
            if (rows.size() == INSERT_BATCH || i == landmarks.size() - 1) {
                List<JsonObject> batch = rows;
                MilvusFrameStore.call(config, "add " + videoId + " to", () -> client.insert(InsertReq.builder()
                        .collectionName(collection).data(batch).build()));
                rows = new ArrayList<>(INSERT_BATCH);
            }
        }
    }

    void delete(String videoId) {
        MilvusFrameStore.call(config, "delete " + videoId + " from", () -> client.delete(DeleteReq.builder()
                .collectionName(collection)
                .filter(MilvusFrameStore.FIELD_VIDEO + " == {id}")
                .filterTemplateValues(Map.of("id", videoId))
                .build()));
    }

    /** A video's landmarks, refusing a set cut short of the {@code count} its video row promises. */
    List<Landmark> read(String videoId, int count) {
        List<Landmark> landmarks = new ArrayList<>(count);
        forEachRow(MilvusFrameStore.FIELD_VIDEO + " == {id}", Map.of("id", videoId), List.of(FIELD_HASH, FIELD_TIME),
                row -> landmarks.add(new Landmark(((Number) row.get(FIELD_HASH)).intValue(),
                        ((Number) row.get(FIELD_TIME)).intValue())));
        if (landmarks.size() != count) {
            throw new StoreException("store " + config + " has " + landmarks.size() + " of the " + count
                    + " landmarks of " + videoId + " (being replaced, or the add was cut short): add it again");
        }
        return LandmarkCodec.sorted(landmarks);
    }

    Map<Integer, List<String>> videosWithHashes(Collection<Integer> hashes) {
        Map<Integer, TreeSet<String>> found = new TreeMap<>();
        List<Long> all = hashes.stream().map(Integer::longValue).distinct().toList();
        for (int from = 0; from < all.size(); from += HASH_BATCH) {
            List<Long> batch = all.subList(from, Math.min(all.size(), from + HASH_BATCH));
            forEachRow(FIELD_HASH + " in {hashes}", Map.of("hashes", batch),
                    List.of(FIELD_HASH, MilvusFrameStore.FIELD_VIDEO),
                    row -> found.computeIfAbsent(((Number) row.get(FIELD_HASH)).intValue(), h -> new TreeSet<>())
                            .add((String) row.get(MilvusFrameStore.FIELD_VIDEO)));
        }
        Map<Integer, List<String>> answer = new TreeMap<>();
        found.forEach((hash, videos) -> answer.put(hash, List.copyOf(videos)));
        return answer;
    }

    private void forEachRow(String filter, Map<String, Object> values, List<String> fields,
                            Consumer<Map<String, Object>> action) {
        MilvusFrameStore.forEachRow(config, client, collection, filter, values, fields, "", action);
    }
}
