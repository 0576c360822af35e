package org.vcd.matcher;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.request.data.Int8Vec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.vcd.audio.Landmark;
import org.vcd.audio.LandmarkCodec;
import org.vcd.domain.Messages;
import org.vcd.domain.VideoFeatures;

/**
 * Frame store in a Milvus collection, for libraries larger than one machine. One collection holds every row:
 * one per frame (video id, frame index, timestamp, vector; blank frames carry the zero vector and a kind that
 * searches filter out) and one video row per video (kind {@link #KIND_VIDEO}, frame -1, its duration in the
 * timestamp field, frame count and metadata as JSON in {@code info}). The video row is inserted last: a video is
 * listed and readable only once all its frames are in, so an add cut short leaves frames nobody reads, which the
 * next add or delete of that id removes. Vectors are indexed with HNSW on inner product (cosine on unit vectors),
 * in the collection's {@link VectorEncoding}, fixed at its creation: an INT8_VECTOR field (int8, the default; search
 * hits come back with their stored bytes and are rescored against the float query vector, as the Lucene store does)
 * or a FLOAT_VECTOR field (collections made before int8). Reads ask for strong consistency, so an acknowledged add
 * or delete is what the next read sees. The {@link FrameSpec} and the format are recorded in the collection's
 * properties ({@link StoreHeader}). A store with audio keeps each video's sound landmarks in a second collection
 * ({@link MilvusLandmarks}), written after its frames and before its video row, whose {@code info} also counts them.
 *
 * <p>Milvus has no transactions: re-adding an id deletes the old video before inserting the new one, so a reader
 * can find the id missing for that moment (the Lucene store swaps atomically).
 */
public final class MilvusFrameStore implements FrameStore {

    static final String FIELD_KEY = "key";
    static final String FIELD_VIDEO = "video_id";
    static final String FIELD_KIND = "kind";
    static final String FIELD_FRAME = "frame";
    static final String FIELD_TIME = "timestamp";
    static final String FIELD_INFO = "info";
    static final String FIELD_VECTOR = "vector";
    static final int KIND_FRAME = 0;
    static final int KIND_BLANK = 1;
    static final int KIND_VIDEO = 2;

    private static final int MAX_ID_BYTES = 1024;
    private static final int MAX_INFO_BYTES = 65_535;
    /** Rows per insert call: 512 frames of 256 floats are 0.5 MB, far below gRPC's message limit. */
    private static final int INSERT_BATCH = 512;
    /** Rows per query page; Milvus answers at most 16,384 rows (offset + limit) per query. */
    private static final int PAGE = 4096;
    private static final int GRAPH_LINKS = 16;
    private static final int GRAPH_BEAM = 200;
    private static final Gson GSON = new Gson();
    private static final String VIDEO_KEY_PREFIX = "v:";
    /** Keys of a video row's {@code info} in a store with audio: its landmarks, and their bytes as encoded. */
    private static final String INFO_LANDMARKS = "landmarks";
    private static final String INFO_LANDMARK_BYTES = "landmark_bytes";

    private final MilvusConfig config;
    private final MilvusClientV2 client;
    private final FrameSpec spec;
    private final VectorEncoding encoding;
    private final boolean writable;
    /** The landmarks' collection; null in a store without audio. */
    private final MilvusLandmarks landmarks;

    private MilvusFrameStore(MilvusConfig config, MilvusClientV2 client, StoreHeader header, boolean writable) {
        this.config = config;
        this.client = client;
        this.spec = header.spec();
        this.encoding = header.encoding();
        this.writable = writable;
        this.landmarks = spec.audio() ? new MilvusLandmarks(config, client) : null;
    }

    /** As {@link #openForWriting(MilvusConfig, FrameSpec, VectorEncoding)} with {@link VectorEncoding#DEFAULT}. */
    public static MilvusFrameStore openForWriting(MilvusConfig config, FrameSpec spec) {
        return openForWriting(config, spec, VectorEncoding.DEFAULT);
    }

    /**
     * Connects to the collection in {@code config}, creating it for {@code spec} with {@code newStoreEncoding} if it
     * does not exist; an existing collection keeps the encoding it was created with.
     */
    public static MilvusFrameStore openForWriting(MilvusConfig config, FrameSpec spec, VectorEncoding newStoreEncoding) {
        return open(config, spec, newStoreEncoding, true);
    }

    /** Connects to an existing collection; refuses adds and deletes. */
    public static MilvusFrameStore openForReading(MilvusConfig config) {
        return open(config, null, null, false);
    }

    /**
     * What filled the collection in {@code config}, read from its properties; empty when there is no such collection
     * yet (a writer would create it).
     */
    public static Optional<FrameSpec> storedSpec(MilvusConfig config) {
        MilvusClientV2 client = null;
        try {
            client = connect(config);
            return storedHeader(config, client).map(StoreHeader::spec);
        } catch (RuntimeException e) {
            throw notOpened(config, e);
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    private static MilvusClientV2 connect(MilvusConfig config) {
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder()
                .uri(config.uri())
                .token(config.token())
                .dbName(config.database())
                .connectTimeoutMs(config.timeout().toMillis())
                .rpcDeadlineMs(config.timeout().toMillis())
                .build());
        client.retryConfig(RetryConfig.builder()
                .maxRetryTimes(config.retries() + 1)
                .initialBackOffMs(Math.max(1, config.initialBackoff().toMillis()))
                .backOffMultiplier(2)
                .maxBackOffMs(10_000)
                .maxRetryTimeoutMs(config.timeout().toMillis() * (config.retries() + 1))
                .build());
        return client;
    }

    private static StoreException notOpened(MilvusConfig config, RuntimeException e) {
        return e instanceof StoreException stored ? stored
                : new StoreException("cannot open store " + config + ": " + Messages.oneLine(e), e);
    }

    /** The collection's header; empty when the collection does not exist. */
    private static Optional<StoreHeader> storedHeader(MilvusConfig config, MilvusClientV2 client) {
        boolean exists = call(config, "open", () -> client.hasCollection(HasCollectionReq.builder()
                .collectionName(config.collection()).build()));
        return exists ? Optional.of(StoreHeader.read(StoreHeader.Dialect.MILVUS, call(config, "open",
                () -> client.describeCollection(DescribeCollectionReq.builder()
                        .collectionName(config.collection()).build())).getProperties(), config.toString()))
                : Optional.empty();
    }

    private static MilvusFrameStore open(MilvusConfig config, FrameSpec wanted, VectorEncoding newStoreEncoding,
                                         boolean writable) {
        MilvusClientV2 client = null;
        try {
            client = connect(config);
            MilvusClientV2 c = client;
            StoreHeader header = storedHeader(config, c).orElse(null);
            if (header != null) {
                if (writable) {
                    header.spec().requireSameForWriting(config.toString(), wanted);
                }
                call(config, "load", () -> {
                    c.loadCollection(LoadCollectionReq.builder().collectionName(config.collection()).build());
                    return null;
                });
                if (header.spec().audio()) {
                    new MilvusLandmarks(config, c).load();
                }
            } else if (writable) {
                header = new StoreHeader(wanted, newStoreEncoding);
                if (wanted.audio()) { // first: a frame collection that says audio has its landmarks' collection
                    new MilvusLandmarks(config, c).create();
                }
                create(c, config, header);
            } else {
                throw new StoreException("no store at " + config);
            }
            return new MilvusFrameStore(config, client, header, writable);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            throw notOpened(config, e);
        }
    }

    private static void create(MilvusClientV2 client, MilvusConfig config, StoreHeader header) {
        FrameSpec spec = header.spec();
        CreateCollectionReq.CollectionSchema schema = client.createSchema();
        schema.addField(AddFieldReq.builder().fieldName(FIELD_KEY).dataType(DataType.VarChar)
                .maxLength(2 * MAX_ID_BYTES).isPrimaryKey(true).autoID(false).build());
        schema.addField(AddFieldReq.builder().fieldName(FIELD_VIDEO).dataType(DataType.VarChar)
                .maxLength(MAX_ID_BYTES).build());
        schema.addField(AddFieldReq.builder().fieldName(FIELD_KIND).dataType(DataType.Int32).build());
        schema.addField(AddFieldReq.builder().fieldName(FIELD_FRAME).dataType(DataType.Int32).build());
        schema.addField(AddFieldReq.builder().fieldName(FIELD_TIME).dataType(DataType.Double).build());
        schema.addField(AddFieldReq.builder().fieldName(FIELD_INFO).dataType(DataType.VarChar)
                .maxLength(MAX_INFO_BYTES).build());
        schema.addField(AddFieldReq.builder().fieldName(FIELD_VECTOR)
                .dataType(header.encoding() == VectorEncoding.INT8 ? DataType.Int8Vector : DataType.FloatVector)
                .dimension(spec.dimension()).build());
        IndexParam index = IndexParam.builder().fieldName(FIELD_VECTOR).indexType(IndexParam.IndexType.HNSW)
                .metricType(IndexParam.MetricType.IP)
                .extraParams(Map.of("M", GRAPH_LINKS, "efConstruction", GRAPH_BEAM)).build();
        call(config, "create", () -> {
            client.createCollection(CreateCollectionReq.builder()
                    .collectionName(config.collection())
                    .description("vcd frame store: " + spec)
                    .collectionSchema(schema)
                    .indexParams(List.of(index))
                    .consistencyLevel(ConsistencyLevel.STRONG)
                    .properties(header.entries(StoreHeader.Dialect.MILVUS))
                    .build());
            return null;
        });
    }

    @Override
    public FrameSpec spec() {
        return spec;
    }

    @Override
    public VectorEncoding encoding() {
        return encoding;
    }

    @Override
    public void add(String videoId, VideoFeatures video, List<Landmark> sound, Map<String, String> metadata) {
        requireWritable();
        FrameStore.requireValid(spec, videoId, video, sound);
        JsonObject info = new JsonObject();
        info.addProperty("frames", video.frameCount());
        if (sound != null) {
            info.addProperty(INFO_LANDMARKS, sound.size());
            info.addProperty(INFO_LANDMARK_BYTES, LandmarkCodec.encode(sound).length);
        }
        info.add("metadata", GSON.toJsonTree(new TreeMap<>(metadata)));
        String infoText = info.toString();
        if (utf8Length(videoId) > MAX_ID_BYTES || utf8Length(infoText) > MAX_INFO_BYTES) {
            throw new IllegalArgumentException("video id over " + MAX_ID_BYTES + " bytes or metadata over "
                    + MAX_INFO_BYTES + " bytes");
        }
        deleteRows(videoId);
        List<JsonObject> rows = new ArrayList<>(INSERT_BATCH);
        for (int i = 0; i < video.frameCount(); i++) {
            float[] v = video.vectors()[i];
            rows.add(row(frameKey(videoId, i), videoId, VideoFeatures.isBlank(v) ? KIND_BLANK : KIND_FRAME, i,
                    video.timestamps()[i], "", v, encoding));
            if (rows.size() == INSERT_BATCH) {
                insert(videoId, rows);
                rows = new ArrayList<>(INSERT_BATCH);
            }
        }
        if (!rows.isEmpty()) {
            insert(videoId, rows);
        }
        if (sound != null) {
            landmarks.insert(videoId, sound);
        }
        // Last: its presence says every frame is in.
        insert(videoId, List.of(row(videoKey(videoId), videoId, KIND_VIDEO, -1, video.durationSeconds(), infoText,
                new float[spec.dimension()], encoding)));
    }

    private static JsonObject row(String key, String videoId, int kind, int frame, double time, String info,
                                  float[] vector, VectorEncoding encoding) {
        JsonObject row = new JsonObject();
        row.addProperty(FIELD_KEY, key);
        row.addProperty(FIELD_VIDEO, videoId);
        row.addProperty(FIELD_KIND, kind);
        row.addProperty(FIELD_FRAME, frame);
        row.addProperty(FIELD_TIME, time);
        row.addProperty(FIELD_INFO, info);
        JsonArray values = new JsonArray(vector.length);
        if (encoding == VectorEncoding.INT8) {
            for (byte b : VectorEncoding.quantize(vector)) { // the client reads an int8 vector as a JSON array of bytes
                values.add(b);
            }
        } else {
            for (float x : vector) {
                values.add(x);
            }
        }
        row.add(FIELD_VECTOR, values);
        return row;
    }

    /** Primary keys: a prefix per kind of row keeps frame keys and video keys apart whatever the ids are. */
    private static String frameKey(String videoId, int frame) {
        return "f:" + videoId + "#" + frame;
    }

    private static String videoKey(String videoId) {
        return VIDEO_KEY_PREFIX + videoId;
    }

    private void insert(String videoId, List<JsonObject> rows) {
        call(config, "add " + videoId + " to", () -> client.insert(InsertReq.builder()
                .collectionName(config.collection()).data(rows).build()));
    }

    /** Milvus merges small sealed segments and rebuilds their indexes by itself (its automatic compaction). */
    @Override
    public void compact() {
        requireWritable();
    }

    @Override
    public boolean delete(String videoId) {
        requireWritable();
        boolean present = videoRow(videoId).isPresent();
        deleteRows(videoId);
        return present;
    }

    private void deleteRows(String videoId) {
        if (landmarks != null) {
            landmarks.delete(videoId);
        }
        call(config, "delete " + videoId + " from", () -> client.delete(DeleteReq.builder()
                .collectionName(config.collection())
                .filter(FIELD_VIDEO + " == {id}")
                .filterTemplateValues(Map.of("id", videoId))
                .build()));
    }

    @Override
    public List<List<FrameHit>> nearest(List<float[]> vectors, int k) {
        if (vectors.isEmpty()) {
            return List.of();
        }
        boolean int8 = encoding == VectorEncoding.INT8;
        List<BaseVector> data = new ArrayList<>(vectors.size());
        for (float[] v : vectors) {
            data.add(int8 ? new Int8Vec(VectorEncoding.quantize(v)) : new FloatVec(v));
        }
        SearchResp response = call(config, "search", () -> client.search(SearchReq.builder()
                .collectionName(config.collection())
                .annsField(FIELD_VECTOR)
                .metricType(IndexParam.MetricType.IP)
                .data(data)
                .limit(k)
                .filter(FIELD_KIND + " == " + KIND_FRAME)
                .searchParams(Map.of("ef", Math.max(k, LuceneFrameStore.MIN_SEARCH_BREADTH)))
                .outputFields(int8 ? List.of(FIELD_VIDEO, FIELD_FRAME, FIELD_VECTOR) : List.of(FIELD_VIDEO, FIELD_FRAME))
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build()));
        List<List<FrameHit>> batch = new ArrayList<>(vectors.size());
        for (int q = 0; q < vectors.size(); q++) {
            List<SearchResp.SearchResult> results = response.getSearchResults().get(q);
            List<FrameHit> hits = new ArrayList<>(results.size());
            for (SearchResp.SearchResult result : results) {
                Map<String, Object> entity = result.getEntity();
                // int8: the score is the quantized query's byte product; the float query against the stored bytes is
                // the similarity the matrices will see.
                float similarity = int8 ? VideoFeatures.dot(vectors.get(q), floats(entity.get(FIELD_VECTOR)))
                        : result.getScore();
                hits.add(new FrameHit((String) entity.get(FIELD_VIDEO), ((Number) entity.get(FIELD_FRAME)).intValue(),
                        similarity));
            }
            hits.sort(Comparator.comparingDouble(FrameHit::similarity).reversed());
            batch.add(hits);
        }
        return batch;
    }

    @Override
    public Optional<VideoFeatures> frames(String videoId) {
        Optional<Map<String, Object>> videoRow = videoRow(videoId);
        if (videoRow.isEmpty()) {
            return Optional.empty();
        }
        double duration = ((Number) videoRow.get().get(FIELD_TIME)).doubleValue();
        int n = GSON.fromJson((String) videoRow.get().get(FIELD_INFO), JsonObject.class).get("frames").getAsInt();
        double[] timestamps = new double[n];
        float[][] vectors = new float[n][];
        for (int from = 0; from < n; from += PAGE) {
            int start = from;
            List<QueryResp.QueryResult> page = query(FIELD_VIDEO + " == {id} and " + FIELD_FRAME + " >= {from} and "
                            + FIELD_FRAME + " < {to}", Map.of("id", videoId, "from", start, "to", start + PAGE),
                    List.of(FIELD_FRAME, FIELD_TIME, FIELD_VECTOR), PAGE);
            for (QueryResp.QueryResult result : page) {
                Map<String, Object> row = result.getEntity();
                int i = ((Number) row.get(FIELD_FRAME)).intValue();
                timestamps[i] = ((Number) row.get(FIELD_TIME)).doubleValue();
                vectors[i] = floats(row.get(FIELD_VECTOR));
            }
        }
        for (int i = 0; i < n; i++) {
            if (vectors[i] == null) {
                throw new StoreException("store " + config + " lacks frame " + i + " of " + videoId
                        + " (being replaced, or the add was cut short): add it again");
            }
        }
        return Optional.of(new VideoFeatures(duration, timestamps, vectors));
    }

    @Override
    public Optional<List<Landmark>> landmarks(String videoId) {
        if (landmarks == null) {
            return Optional.empty();
        }
        return videoRow(videoId).map(row -> landmarks.read(videoId, info(row).get(INFO_LANDMARKS).getAsInt()));
    }

    @Override
    public Map<Integer, List<String>> videosWithHashes(Collection<Integer> hashes) {
        return landmarks == null ? Map.of() : landmarks.videosWithHashes(hashes);
    }

    private static JsonObject info(Map<String, Object> videoRow) {
        return GSON.fromJson((String) videoRow.get(FIELD_INFO), JsonObject.class);
    }

    @Override
    public Optional<Map<String, String>> metadata(String videoId) {
        return videoRow(videoId).map(row -> {
            JsonObject info = GSON.fromJson((String) row.get(FIELD_INFO), JsonObject.class);
            return GSON.fromJson(info.get("metadata"), new TypeToken<TreeMap<String, String>>() { }.getType());
        });
    }

    @Override
    public List<String> videoIds() {
        List<String> ids = new ArrayList<>();
        forEachVideoRow(List.of(FIELD_VIDEO), row -> ids.add((String) row.get(FIELD_VIDEO)));
        ids.sort(null);
        return ids;
    }

    /** Disk usage is the cluster's business: Milvus does not report bytes per collection through its client API. */
    @Override
    public StoreStats stats() {
        long[] counts = new long[4];
        double[] seconds = new double[1];
        forEachVideoRow(List.of(FIELD_TIME, FIELD_INFO), row -> {
            JsonObject info = info(row);
            counts[0]++;
            counts[1] += info.get("frames").getAsLong();
            if (info.has(INFO_LANDMARKS)) {
                counts[2] += info.get(INFO_LANDMARKS).getAsLong();
                counts[3] += info.get(INFO_LANDMARK_BYTES).getAsLong();
            }
            seconds[0] += ((Number) row.get(FIELD_TIME)).doubleValue();
        });
        return new StoreStats(counts[0], counts[1], seconds[0], null, counts[2], counts[3]);
    }

    private void forEachVideoRow(List<String> fields, Consumer<Map<String, Object>> action) {
        forEachRow(config, client, config.collection(), FIELD_KIND + " == " + KIND_VIDEO, Map.of(), fields,
                VIDEO_KEY_PREFIX, action);
    }

    /**
     * Pages through the rows of {@code collection} that {@code filter} admits, in key order from keys after
     * {@code after}: each page asks for keys after the last one seen.
     */
    static void forEachRow(MilvusConfig config, MilvusClientV2 client, String collection, String filter,
                           Map<String, Object> values, List<String> fields, String after,
                           Consumer<Map<String, Object>> action) {
        List<String> output = new ArrayList<>(fields);
        output.add(FIELD_KEY);
        while (true) {
            Map<String, Object> paged = new TreeMap<>(values);
            paged.put("after", after);
            List<QueryResp.QueryResult> page = query(config, client, collection,
                    filter + " and " + FIELD_KEY + " > {after}", paged, output, PAGE);
            for (QueryResp.QueryResult result : page) {
                action.accept(result.getEntity());
                String key = (String) result.getEntity().get(FIELD_KEY);
                if (key.compareTo(after) > 0) {
                    after = key;
                }
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private Optional<Map<String, Object>> videoRow(String videoId) {
        List<QueryResp.QueryResult> rows = query(FIELD_KEY + " == {id} and " + FIELD_KIND + " == " + KIND_VIDEO,
                Map.of("id", videoKey(videoId)), List.of(FIELD_TIME, FIELD_INFO), 1);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).getEntity());
    }

    private List<QueryResp.QueryResult> query(String filter, Map<String, Object> values, List<String> fields,
                                              int limit) {
        return query(config, client, config.collection(), filter, values, fields, limit);
    }

    private static List<QueryResp.QueryResult> query(MilvusConfig config, MilvusClientV2 client, String collection,
                                                     String filter, Map<String, Object> values, List<String> fields,
                                                     int limit) {
        return call(config, "read", () -> client.query(QueryReq.builder()
                .collectionName(collection)
                .filter(filter)
                .filterTemplateValues(values)
                .outputFields(fields)
                .limit(limit)
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build())).getQueryResults();
    }

    /** A vector field's value as the client returns it: floats, or an int8 vector's bytes, dequantized. */
    private static float[] floats(Object vector) {
        if (vector instanceof float[] array) {
            return array;
        }
        if (vector instanceof ByteBuffer buffer) {
            // The client hands over the buffer it filled, positioned at its end: read it from the start.
            ByteBuffer whole = buffer.duplicate().rewind();
            byte[] bytes = new byte[whole.limit()];
            whole.get(bytes);
            return VectorEncoding.dequantize(bytes);
        }
        List<?> list = (List<?>) vector;
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).floatValue();
        }
        return out;
    }

    private void requireWritable() {
        if (!writable) {
            throw new StoreException("store " + config + " is open read-only");
        }
    }

    /** Runs one client call (the client retries transient failures itself), turning its failure into one line. */
    static <T> T call(MilvusConfig config, String action, Supplier<T> body) {
        try {
            return body.get();
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("cannot " + action + " store " + config + ": " + Messages.oneLine(e), e);
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return config.toString();
    }
}
