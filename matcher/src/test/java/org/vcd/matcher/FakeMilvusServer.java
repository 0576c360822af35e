package org.vcd.matcher;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.DoubleArray;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.GetLoadingProgressRequest;
import io.milvus.grpc.GetLoadingProgressResponse;
import io.milvus.grpc.HasCollectionRequest;
import io.milvus.grpc.IDs;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.IntArray;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ListDatabasesRequest;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.LoadCollectionRequest;
import io.milvus.grpc.LoadState;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.PlaceholderGroup;
import io.milvus.grpc.PlaceholderType;
import io.milvus.grpc.PlaceholderValue;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.SearchResults;
import io.milvus.grpc.Status;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.TemplateValue;
import io.milvus.grpc.VectorField;
import io.milvus.shaded.io.grpc.Server;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.milvus.shaded.io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Milvus server on loopback that speaks the real gRPC protocol (the SDK's own generated service stubs) for the
 * calls {@link MilvusFrameStore} makes, and nothing else (the rest answer UNIMPLEMENTED). Collections live in
 * memory; search is exact inner product over the rows the filter admits (on floats for a FloatVector field, on
 * the bytes as integers for an Int8Vector field, whose placeholders must then be int8 too); filters are conjunctions of
 * {@code field op value} with the value an integer literal or a {@code {template}} placeholder, or
 * {@code field in {template}} with a template list of integers, the only shapes the
 * adapter sends (anything else is refused, so a new shape fails a test instead of passing unnoticed). Databases and
 * tokens are ignored. It can fail the next calls of an RPC with UNAVAILABLE to exercise the client's retries.
 */
public final class FakeMilvusServer extends MilvusServiceGrpc.MilvusServiceImplBase implements AutoCloseable {

    private static final Pattern CLAUSE = Pattern.compile("\\s*(\\w+)\\s*(==|!=|>=|<=|>|<)\\s*(\\{\\w+\\}|-?\\d+)\\s*");
    private static final Pattern IN_CLAUSE = Pattern.compile("\\s*(\\w+)\\s+in\\s+\\{(\\w+)\\}\\s*");

    private final Server server;
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    /** Every call that reached the server, by RPC name, failed ones included. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** Rows per insert call. */
    final List<Integer> insertedRows = new CopyOnWriteArrayList<>();

    private static final class Collection {
        final CollectionSchema schema;
        final List<KeyValuePair> properties;
        final String primaryKey;
        final Map<String, Map<String, Object>> rows = new TreeMap<>(); // by primary key, as Milvus pages them
        String indexedMetric;

        Collection(CollectionSchema schema, List<KeyValuePair> properties) {
            this.schema = schema;
            this.properties = properties;
            this.primaryKey = schema.getFieldsList().stream().filter(FieldSchema::getIsPrimaryKey)
                    .findFirst().orElseThrow().getName();
        }

        FieldSchema field(String name) {
            return schema.getFieldsList().stream().filter(f -> f.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("field " + name + " not in the schema"));
        }
    }

    public FakeMilvusServer() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(this).build().start();
    }

    /** The URI a client connects to. */
    public String uri() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The next {@code times} calls of {@code rpc} fail with UNAVAILABLE, as during a proxy restart. */
    void failNext(String rpc, int times) {
        failures.put(rpc, new AtomicInteger(times));
    }

    /** As {@link #failNext(String, int)} for the inserts into one collection only. */
    void failNextInserts(String collection, int times) {
        failures.put("Insert " + collection, new AtomicInteger(times));
    }

    /** Rows of a collection, for tests that look at what reached the server. */
    List<Map<String, Object>> rows(String collection) {
        synchronized (collections.get(collection)) {
            return new ArrayList<>(collections.get(collection).rows.values());
        }
    }

    String indexedMetric(String collection) {
        return collections.get(collection).indexedMetric;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private interface Handler<T> {
        T handle() throws Exception;
    }

    /** Answers one call: injected failures first, then the handler; a refused request becomes an error status. */
    private <T> void answer(String rpc, StreamObserver<T> observer, Handler<T> handler) {
        answer(rpc, rpc, observer, handler);
    }

    /** As {@link #answer(String, StreamObserver, Handler)}, failing as {@code failing} was told to (a narrower key). */
    private <T> void answer(String rpc, String failingKey, StreamObserver<T> observer, Handler<T> handler) {
        calls.add(rpc);
        AtomicInteger failing = failures.containsKey(failingKey) ? failures.get(failingKey) : failures.get(rpc);
        if (failing != null && failing.getAndDecrement() > 0) {
            observer.onError(io.milvus.shaded.io.grpc.Status.UNAVAILABLE.withDescription("injected failure")
                    .asRuntimeException());
            return;
        }
        try {
            observer.onNext(handler.handle());
            observer.onCompleted();
        } catch (Exception e) {
            observer.onError(io.milvus.shaded.io.grpc.Status.INVALID_ARGUMENT.withDescription(e.getMessage())
                    .asRuntimeException());
        }
    }

    private static Status ok() {
        return Status.newBuilder().setCode(0).build();
    }

    private Collection collection(String name) {
        Collection collection = collections.get(name);
        if (collection == null) {
            throw new IllegalArgumentException("collection not found[" + name + "]");
        }
        return collection;
    }

    @Override
    public void connect(ConnectRequest request, StreamObserver<ConnectResponse> observer) {
        answer("Connect", observer, () -> ConnectResponse.newBuilder().setStatus(ok()).setIdentifier(1).build());
    }

    /** The client checks that its database exists when it connects; this server has only Milvus's default one. */
    @Override
    public void listDatabases(ListDatabasesRequest request, StreamObserver<ListDatabasesResponse> observer) {
        answer("ListDatabases", observer, () -> ListDatabasesResponse.newBuilder().setStatus(ok())
                .addDbNames(MilvusConfig.DEFAULT_DATABASE).build());
    }

    @Override
    public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> observer) {
        answer("HasCollection", observer, () -> BoolResponse.newBuilder().setStatus(ok())
                .setValue(collections.containsKey(request.getCollectionName())).build());
    }

    @Override
    public void createCollection(CreateCollectionRequest request, StreamObserver<Status> observer) {
        answer("CreateCollection", observer, () -> {
            CollectionSchema schema = CollectionSchema.parseFrom(request.getSchema());
            if (collections.putIfAbsent(request.getCollectionName(),
                    new Collection(schema, request.getPropertiesList())) != null) {
                throw new IllegalArgumentException("collection already exists: " + request.getCollectionName());
            }
            return ok();
        });
    }

    @Override
    public void describeCollection(DescribeCollectionRequest request,
                                   StreamObserver<DescribeCollectionResponse> observer) {
        answer("DescribeCollection", observer, () -> {
            Collection collection = collection(request.getCollectionName());
            return DescribeCollectionResponse.newBuilder().setStatus(ok()).setSchema(collection.schema)
                    .setCollectionName(request.getCollectionName()).setCollectionID(1).setShardsNum(1)
                    .addAllProperties(collection.properties).build();
        });
    }

    @Override
    public void createIndex(CreateIndexRequest request, StreamObserver<Status> observer) {
        answer("CreateIndex", observer, () -> {
            Collection collection = collection(request.getCollectionName());
            collection.field(request.getFieldName());
            for (KeyValuePair param : request.getExtraParamsList()) {
                if (param.getKey().equals("metric_type")) {
                    collection.indexedMetric = param.getValue();
                }
            }
            return ok();
        });
    }

    @Override
    public void loadCollection(LoadCollectionRequest request, StreamObserver<Status> observer) {
        answer("LoadCollection", observer, () -> {
            collection(request.getCollectionName());
            return ok();
        });
    }

    @Override
    public void getLoadState(GetLoadStateRequest request, StreamObserver<GetLoadStateResponse> observer) {
        answer("GetLoadState", observer, () -> GetLoadStateResponse.newBuilder().setStatus(ok())
                .setState(LoadState.LoadStateLoaded).build());
    }

    @Override
    public void getLoadingProgress(GetLoadingProgressRequest request,
                                   StreamObserver<GetLoadingProgressResponse> observer) {
        answer("GetLoadingProgress", observer, () -> GetLoadingProgressResponse.newBuilder().setStatus(ok())
                .setProgress(100).build());
    }

    @Override
    public void insert(InsertRequest request, StreamObserver<MutationResult> observer) {
        answer("Insert", "Insert " + request.getCollectionName(), observer, () -> {
            Collection collection = collection(request.getCollectionName());
            int n = request.getNumRows();
            List<Map<String, Object>> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                rows.add(new HashMap<>());
            }
            for (FieldData column : request.getFieldsDataList()) {
                List<Object> values = decode(column, collection.field(column.getFieldName()));
                if (values.size() != n) {
                    throw new IllegalArgumentException("column " + column.getFieldName() + " has " + values.size()
                            + " values for " + n + " rows");
                }
                for (int i = 0; i < n; i++) {
                    rows.get(i).put(column.getFieldName(), values.get(i));
                }
            }
            StringArray.Builder ids = StringArray.newBuilder();
            synchronized (collection) {
                for (Map<String, Object> row : rows) {
                    if (row.size() != collection.schema.getFieldsCount()) {
                        throw new IllegalArgumentException("row lacks fields: " + row.keySet());
                    }
                    String key = (String) row.get(collection.primaryKey);
                    collection.rows.put(key, row);
                    ids.addData(key);
                }
            }
            insertedRows.add(n);
            return MutationResult.newBuilder().setStatus(ok()).setInsertCnt(n)
                    .setIDs(IDs.newBuilder().setStrId(ids)).build();
        });
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<MutationResult> observer) {
        answer("Delete", observer, () -> {
            Collection collection = collection(request.getCollectionName());
            Predicate<Map<String, Object>> filter = filter(request.getExpr(), request.getExprTemplateValuesMap());
            long deleted;
            synchronized (collection) {
                int before = collection.rows.size();
                collection.rows.values().removeIf(filter);
                deleted = before - collection.rows.size();
            }
            return MutationResult.newBuilder().setStatus(ok()).setDeleteCnt(deleted).build();
        });
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResults> observer) {
        answer("Query", observer, () -> {
            Collection collection = collection(request.getCollectionName());
            Predicate<Map<String, Object>> filter = filter(request.getExpr(), request.getExprTemplateValuesMap());
            long limit = Long.MAX_VALUE;
            long offset = 0;
            for (KeyValuePair param : request.getQueryParamsList()) {
                if (param.getKey().equals("limit")) {
                    limit = Long.parseLong(param.getValue());
                } else if (param.getKey().equals("offset")) {
                    offset = Long.parseLong(param.getValue());
                }
            }
            List<Map<String, Object>> matched;
            synchronized (collection) {
                matched = collection.rows.values().stream().filter(filter).skip(offset).limit(limit).toList();
            }
            List<String> fields = new ArrayList<>(request.getOutputFieldsList());
            if (!fields.contains(collection.primaryKey)) {
                fields.add(collection.primaryKey); // Milvus always returns the primary key
            }
            QueryResults.Builder results = QueryResults.newBuilder().setStatus(ok())
                    .setCollectionName(request.getCollectionName()).setPrimaryFieldName(collection.primaryKey)
                    .addAllOutputFields(fields);
            for (String field : fields) {
                results.addFieldsData(encode(collection.field(field), matched));
            }
            return results.build();
        });
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResults> observer) {
        answer("Search", observer, () -> {
            Collection collection = collection(request.getCollectionName());
            Map<String, String> params = new HashMap<>();
            request.getSearchParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
            String field = params.get("anns_field");
            if (!"IP".equals(params.get("metric_type")) || !"IP".equals(collection.indexedMetric)) {
                throw new IllegalArgumentException("metric type mismatch: index " + collection.indexedMetric
                        + ", search " + params.get("metric_type"));
            }
            int topK = Integer.parseInt(params.getOrDefault("topk", params.get("limit")));
            Predicate<Map<String, Object>> filter = filter(request.getDsl(), request.getExprTemplateValuesMap());
            List<Map<String, Object>> candidates;
            synchronized (collection) {
                candidates = collection.rows.values().stream().filter(filter).toList();
            }
            PlaceholderGroup group = PlaceholderGroup.parseFrom(request.getPlaceholderGroup());
            SearchResultData.Builder data = SearchResultData.newBuilder().setTopK(topK)
                    .setPrimaryFieldName(collection.primaryKey).addAllOutputFields(request.getOutputFieldsList());
            StringArray.Builder ids = StringArray.newBuilder();
            List<Map<String, Object>> hits = new ArrayList<>();
            int queries = 0;
            for (PlaceholderValue placeholder : group.getPlaceholdersList()) {
                boolean int8 = placeholder.getType() == PlaceholderType.Int8Vector;
                if (int8 != (collection.field(field).getDataType() == io.milvus.grpc.DataType.Int8Vector)) {
                    throw new IllegalArgumentException("placeholder type " + placeholder.getType() + " for field "
                            + field + " of type " + collection.field(field).getDataType());
                }
                for (ByteString bytes : placeholder.getValuesList()) {
                    Object query = int8 ? bytes.toByteArray() : floats(bytes);
                    queries++;
                    List<Map<String, Object>> best = candidates.stream()
                            .sorted(Comparator.comparingDouble((Map<String, Object> row) ->
                                    dot(query, row.get(field))).reversed())
                            .limit(topK).toList();
                    for (Map<String, Object> row : best) {
                        ids.addData((String) row.get(collection.primaryKey));
                        data.addScores((float) dot(query, row.get(field)));
                        hits.add(row);
                    }
                    data.addTopks(best.size());
                }
            }
            data.setNumQueries(queries).setIds(IDs.newBuilder().setStrId(ids));
            for (String output : request.getOutputFieldsList()) {
                data.addFieldsData(encode(collection.field(output), hits));
            }
            return SearchResults.newBuilder().setStatus(ok()).setCollectionName(request.getCollectionName())
                    .setResults(data).build();
        });
    }

    /** A conjunction of clauses; every shape but {@code field op literal-or-template} is refused. */
    private static Predicate<Map<String, Object>> filter(String expr, Map<String, TemplateValue> templates) {
        Predicate<Map<String, Object>> all = row -> true;
        for (String clause : expr.split(" and ")) {
            Matcher in = IN_CLAUSE.matcher(clause);
            if (in.matches()) {
                String field = in.group(1);
                TemplateValue list = templates.get(in.group(2));
                if (list == null || list.getValCase() != TemplateValue.ValCase.ARRAY_VAL) {
                    throw new IllegalArgumentException("no template list for " + clause);
                }
                java.util.Set<Long> values = new java.util.HashSet<>(list.getArrayVal().getLongData().getDataList());
                all = all.and(row -> values.contains(((Number) row.get(field)).longValue()));
                continue;
            }
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                throw new IllegalArgumentException("the fake server cannot parse filter clause '" + clause + "'");
            }
            String field = m.group(1);
            String op = m.group(2);
            Object value = literal(m.group(3), templates);
            all = all.and(row -> {
                Object actual = row.get(field);
                if (actual == null) {
                    throw new IllegalArgumentException("field " + field + " not in the schema");
                }
                int c = actual instanceof String s ? s.compareTo((String) value)
                        : Double.compare(((Number) actual).doubleValue(), ((Number) value).doubleValue());
                return switch (op) {
                    case "==" -> c == 0;
                    case "!=" -> c != 0;
                    case ">=" -> c >= 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c < 0;
                };
            });
        }
        return all;
    }

    private static Object literal(String token, Map<String, TemplateValue> templates) {
        if (!token.startsWith("{")) {
            return Long.parseLong(token);
        }
        TemplateValue value = templates.get(token.substring(1, token.length() - 1));
        if (value == null) {
            throw new IllegalArgumentException("no template value for " + token);
        }
        return switch (value.getValCase()) {
            case STRING_VAL -> value.getStringVal();
            case INT64_VAL -> value.getInt64Val();
            case FLOAT_VAL -> value.getFloatVal();
            default -> throw new IllegalArgumentException("unsupported template value " + value.getValCase());
        };
    }

    private static List<Object> decode(FieldData column, FieldSchema field) throws InvalidProtocolBufferException {
        if (column.getType() != field.getDataType()) {
            throw new IllegalArgumentException("column " + field.getName() + " is " + column.getType() + ", schema says "
                    + field.getDataType());
        }
        List<Object> values = new ArrayList<>();
        switch (field.getDataType()) {
            case VarChar -> values.addAll(column.getScalars().getStringData().getDataList());
            case Int32 -> values.addAll(column.getScalars().getIntData().getDataList());
            case Double -> values.addAll(column.getScalars().getDoubleData().getDataList());
            case FloatVector -> {
                VectorField vectors = column.getVectors();
                int dim = (int) vectors.getDim();
                List<Float> flat = vectors.getFloatVector().getDataList();
                for (int i = 0; i < flat.size(); i += dim) {
                    float[] v = new float[dim];
                    for (int k = 0; k < dim; k++) {
                        v[k] = flat.get(i + k);
                    }
                    values.add(v);
                }
            }
            case BinaryVector -> {
                VectorField vectors = column.getVectors();
                int bytes = (int) vectors.getDim() / 8;
                byte[] flat = vectors.getBinaryVector().toByteArray();
                for (int i = 0; i < flat.length; i += bytes) {
                    values.add(java.util.Arrays.copyOfRange(flat, i, i + bytes));
                }
            }
            case Int8Vector -> {
                VectorField vectors = column.getVectors();
                int dim = (int) vectors.getDim();
                byte[] flat = vectors.getInt8Vector().toByteArray();
                for (int i = 0; i < flat.length; i += dim) {
                    values.add(java.util.Arrays.copyOfRange(flat, i, i + dim));
                }
            }
            default -> throw new IllegalArgumentException("the fake server does not store " + field.getDataType());
        }
        return values;
    }

    private static FieldData encode(FieldSchema field, List<Map<String, Object>> rows) {
        FieldData.Builder column = FieldData.newBuilder().setFieldName(field.getName()).setType(field.getDataType());
        String name = field.getName();
        switch (field.getDataType()) {
            case VarChar -> column.setScalars(ScalarField.newBuilder().setStringData(StringArray.newBuilder()
                    .addAllData(rows.stream().map(r -> (String) r.get(name)).toList())));
            case Int32 -> column.setScalars(ScalarField.newBuilder().setIntData(IntArray.newBuilder()
                    .addAllData(rows.stream().map(r -> (Integer) r.get(name)).toList())));
            case Double -> column.setScalars(ScalarField.newBuilder().setDoubleData(DoubleArray.newBuilder()
                    .addAllData(rows.stream().map(r -> (Double) r.get(name)).toList())));
            case FloatVector -> {
                FloatArray.Builder flat = FloatArray.newBuilder();
                int dim = 0;
                for (Map<String, Object> row : rows) {
                    float[] v = (float[]) row.get(name);
                    dim = v.length;
                    for (float x : v) {
                        flat.addData(x);
                    }
                }
                if (dim == 0) {
                    dim = dimension(field);
                }
                column.setVectors(VectorField.newBuilder().setDim(dim).setFloatVector(flat));
            }
            case Int8Vector -> {
                ByteString.Output flat = ByteString.newOutput();
                for (Map<String, Object> row : rows) {
                    byte[] v = (byte[]) row.get(name);
                    flat.write(v, 0, v.length);
                }
                column.setVectors(VectorField.newBuilder().setDim(dimension(field)).setInt8Vector(flat.toByteString()));
            }
            default -> throw new IllegalArgumentException("the fake server does not return " + field.getDataType());
        }
        return column.build();
    }

    private static int dimension(FieldSchema field) {
        return Integer.parseInt(field.getTypeParamsList().stream().filter(p -> p.getKey().equals("dim")).findFirst()
                .orElseThrow().getValue());
    }

    private static float[] floats(ByteString bytes) {
        ByteBuffer buffer = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[buffer.remaining() / 4];
        buffer.asFloatBuffer().get(v);
        return v;
    }

    /** Inner product of two float vectors, or of two int8 vectors as integers (as Milvus scores INT8_VECTOR). */
    private static double dot(Object a, Object b) {
        double s = 0;
        if (a instanceof byte[] x) {
            byte[] y = (byte[]) b;
            for (int i = 0; i < x.length; i++) {
                s += x[i] * y[i];
            }
            return s;
        }
        float[] x = (float[]) a;
        float[] y = (float[]) b;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}
