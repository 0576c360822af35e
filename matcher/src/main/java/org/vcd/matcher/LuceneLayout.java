package org.vcd.matcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnByteVectorField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;
import org.vcd.audio.Landmark;
import org.vcd.audio.LandmarkCodec;
import org.vcd.domain.VideoFeatures;

/**
 * The Lucene store's documents. Each video is one block, written at once so that it replaces any earlier block of
 * its id atomically:
 * <ol>
 *   <li>one document per frame, in time order: {@code video} (the id, indexed term and sorted doc values),
 *   {@code kind} = {@code frame} (indexed term), {@code frame} (its index, numeric doc values), {@code time} (seconds
 *   as the raw bits of a double, numeric doc values) and, unless the frame is blank, {@code vector} with dot product:
 *   a byte vector of {@link VectorEncoding#quantize} in int8 stores, the float vector in float32 stores, in the graph
 *   of {@link FrameVectorCodec};</li>
 *   <li>then the video document: {@code video} (indexed term, stored, sorted doc values), {@code kind} =
 *   {@code video}, {@code frames} (count, stored), {@code duration} (seconds, stored and as double bits in numeric
 *   doc values), the metadata, each entry a stored field {@code meta.KEY}, and in a store with audio the sound's
 *   landmarks: {@code landmarks} (stored, {@link LandmarkCodec}'s bytes), {@code landmark} (each distinct hash once as
 *   an indexed term of 4 big-endian bytes, documents only: the inverted lookup from hash to videos),
 *   {@code landmark_count} and {@code landmark_bytes} (numeric doc values, for the stats).</li>
 * </ol>
 * Landmarks ride on the video document so that they are swapped with the frames in the same atomic block update.
 * A video's frames are the {@code frames} documents just before its video document, in the same segment. The
 * vectors are kept nowhere else. Which encoding a segment holds is read from the segment's own field info, never
 * assumed from the commit.
 */
final class LuceneLayout {

    static final String FIELD_VIDEO = "video";
    static final String FIELD_VECTOR = "vector";
    static final String FIELD_FRAME = "frame";
    static final String FIELD_DURATION = "duration";
    private static final String FIELD_KIND = "kind";
    private static final String FIELD_TIME = "time";
    private static final String FIELD_FRAMES = "frames";
    private static final String FIELD_METADATA_PREFIX = "meta.";
    static final String FIELD_LANDMARK = "landmark";
    static final String FIELD_LANDMARKS = "landmarks";
    static final String FIELD_LANDMARK_COUNT = "landmark_count";
    static final String FIELD_LANDMARK_BYTES = "landmark_bytes";
    /** Hash terms: looked up exactly, never scored, so documents only, no norms. */
    private static final FieldType HASH_TERM = new FieldType();

    static {
        HASH_TERM.setIndexOptions(IndexOptions.DOCS);
        HASH_TERM.setOmitNorms(true);
        HASH_TERM.setTokenized(false);
        HASH_TERM.freeze();
    }
    private static final String KIND_FRAME = "frame";
    private static final String KIND_VIDEO = "video";
    /** Every frame document, blank or not. */
    static final Query FRAMES = new TermQuery(new Term(FIELD_KIND, KIND_FRAME));
    /** Every video document. */
    static final Query VIDEOS = new TermQuery(new Term(FIELD_KIND, KIND_VIDEO));

    private LuceneLayout() {
    }

    /** The term every document of a video's block carries. */
    static Term video(String videoId) {
        return new Term(FIELD_VIDEO, videoId);
    }

    /** Finds a video's video document. */
    static Query videoDocument(String videoId) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(video(videoId)), BooleanClause.Occur.FILTER)
                .add(VIDEOS, BooleanClause.Occur.FILTER)
                .build();
    }

    /** A video's block of documents. */
    static List<Document> block(String videoId, VideoFeatures video, List<Landmark> landmarks,
                                Map<String, String> metadata, VectorEncoding encoding) {
        List<Document> block = new ArrayList<>(video.frameCount() + 1);
        for (int i = 0; i < video.frameCount(); i++) {
            float[] v = video.vectors()[i];
            Document frame = new Document();
            frame.add(new StringField(FIELD_VIDEO, videoId, Field.Store.NO));
            frame.add(new SortedDocValuesField(FIELD_VIDEO, new BytesRef(videoId)));
            frame.add(new StringField(FIELD_KIND, KIND_FRAME, Field.Store.NO));
            frame.add(new NumericDocValuesField(FIELD_FRAME, i));
            frame.add(new NumericDocValuesField(FIELD_TIME, Double.doubleToRawLongBits(video.timestamps()[i])));
            if (!VideoFeatures.isBlank(v)) { // a flat frame matches nothing; keeping it out of the graph saves space
                frame.add(encoding == VectorEncoding.INT8
                        ? new KnnByteVectorField(FIELD_VECTOR, VectorEncoding.quantize(v), VectorSimilarityFunction.DOT_PRODUCT)
                        : new KnnFloatVectorField(FIELD_VECTOR, v, VectorSimilarityFunction.DOT_PRODUCT));
            }
            block.add(frame);
        }
        Document summary = new Document();
        summary.add(new StringField(FIELD_VIDEO, videoId, Field.Store.YES));
        summary.add(new SortedDocValuesField(FIELD_VIDEO, new BytesRef(videoId)));
        summary.add(new StringField(FIELD_KIND, KIND_VIDEO, Field.Store.NO));
        summary.add(new StoredField(FIELD_FRAMES, video.frameCount()));
        summary.add(new StoredField(FIELD_DURATION, video.durationSeconds()));
        summary.add(new NumericDocValuesField(FIELD_DURATION, Double.doubleToRawLongBits(video.durationSeconds())));
        metadata.forEach((key, value) -> summary.add(new StoredField(FIELD_METADATA_PREFIX + key, value)));
        if (landmarks != null) {
            byte[] encoded = LandmarkCodec.encode(landmarks);
            summary.add(new StoredField(FIELD_LANDMARKS, encoded));
            summary.add(new NumericDocValuesField(FIELD_LANDMARK_COUNT, landmarks.size()));
            summary.add(new NumericDocValuesField(FIELD_LANDMARK_BYTES, encoded.length));
            landmarks.stream().mapToInt(Landmark::hash).distinct()
                    .forEach(hash -> summary.add(new Field(FIELD_LANDMARK, hashTerm(hash), HASH_TERM)));
        }
        block.add(summary); // last: reading finds the frames just before it in the same segment
        return block;
    }

    /**
     * Reads a video's block back: its frames in time order, the blank ones as zero vectors of {@code dimension},
     * the others as the segment keeps them (dequantized for int8).
     */
    static Optional<VideoFeatures> readBlock(IndexSearcher searcher, String videoId, int dimension) throws IOException {
        TopDocs top = searcher.search(videoDocument(videoId), 1);
        if (top.scoreDocs.length == 0) {
            return Optional.empty();
        }
        int summary = top.scoreDocs[0].doc;
        Document doc = searcher.storedFields().document(summary);
        int n = doc.getField(FIELD_FRAMES).numericValue().intValue();
        double duration = doc.getField(FIELD_DURATION).numericValue().doubleValue();
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(summary, leaves));
        LeafReader reader = leaf.reader();
        int first = summary - leaf.docBase - n;
        NumericDocValues times = DocValues.getNumeric(reader, FIELD_TIME);
        LeafVectors stored = LeafVectors.of(reader);
        double[] timestamps = new double[n];
        float[][] vectors = new float[n][];
        for (int i = 0; i < n; i++) {
            int frameDoc = first + i;
            if (!times.advanceExact(frameDoc)) {
                throw new IOException("video " + videoId + " lacks frame " + i);
            }
            timestamps[i] = Double.longBitsToDouble(times.longValue());
            if (stored != null && stored.docs().docID() < frameDoc) {
                stored.docs().advance(frameDoc);
            }
            vectors[i] = stored != null && stored.docs().docID() == frameDoc ? stored.vector().clone()
                    : new float[dimension];
        }
        return Optional.of(new VideoFeatures(duration, timestamps, vectors));
    }

    /** A hash as the {@code landmark} field's term. */
    static BytesRef hashTerm(int hash) {
        byte[] bytes = new byte[Integer.BYTES];
        NumericUtils.intToSortableBytes(hash, bytes, 0);
        return new BytesRef(bytes);
    }

    /** The landmarks of a video's video document; empty when no such video or it was stored without sound. */
    static Optional<List<Landmark>> readLandmarks(IndexSearcher searcher, String videoId) throws IOException {
        TopDocs top = searcher.search(videoDocument(videoId), 1);
        if (top.scoreDocs.length == 0) {
            return Optional.empty();
        }
        IndexableField field = searcher.storedFields().document(top.scoreDocs[0].doc).getField(FIELD_LANDMARKS);
        if (field == null) {
            return Optional.empty();
        }
        BytesRef bytes = field.binaryValue();
        return Optional.of(LandmarkCodec.decode(Arrays.copyOfRange(bytes.bytes, bytes.offset,
                bytes.offset + bytes.length)));
    }

    /** The metadata of a video's video document. */
    static Optional<Map<String, String>> readMetadata(IndexSearcher searcher, String videoId) throws IOException {
        TopDocs top = searcher.search(videoDocument(videoId), 1);
        if (top.scoreDocs.length == 0) {
            return Optional.empty();
        }
        Map<String, String> metadata = new TreeMap<>();
        for (IndexableField field : searcher.storedFields().document(top.scoreDocs[0].doc)) {
            if (field.name().startsWith(FIELD_METADATA_PREFIX)) {
                metadata.put(field.name().substring(FIELD_METADATA_PREFIX.length()), field.stringValue());
            }
        }
        return Optional.of(metadata);
    }

    /**
     * A segment's stored vectors as floats, whichever encoding its field has (read from the segment itself, so
     * reading never depends on what the commit claims); forward only.
     */
    record LeafVectors(DocIdSetIterator docs, FloatVectorValues floats, ByteVectorValues bytes) {

        /** The leaf's vectors, or null when it has none. */
        static LeafVectors of(LeafReader reader) throws IOException {
            FieldInfo field = reader.getFieldInfos().fieldInfo(FIELD_VECTOR);
            if (field == null) {
                return null;
            }
            if (field.getVectorEncoding() == org.apache.lucene.index.VectorEncoding.BYTE) {
                ByteVectorValues bytes = reader.getByteVectorValues(FIELD_VECTOR);
                return bytes == null ? null : new LeafVectors(bytes, null, bytes);
            }
            FloatVectorValues floats = reader.getFloatVectorValues(FIELD_VECTOR);
            return floats == null ? null : new LeafVectors(floats, floats, null);
        }

        /** The current document's vector; a float32 leaf's array is reused by the next call. */
        float[] vector() throws IOException {
            return floats != null ? floats.vectorValue() : VectorEncoding.dequantize(bytes.vectorValue());
        }
    }
}
