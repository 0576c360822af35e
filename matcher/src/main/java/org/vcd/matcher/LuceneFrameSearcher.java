package org.vcd.matcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnByteVectorQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.util.Bits;
import org.vcd.audio.Landmark;
import org.vcd.domain.VideoFeatures;

/**
 * Reads the Lucene store: kNN over the frame graph with exact rescoring, a video's frames and metadata, the ids and
 * the counts. Every call works on one snapshot of the store, refreshed first, so it sees whole videos only.
 */
final class LuceneFrameSearcher implements AutoCloseable {

    private final Path path;
    private final SearcherManager searchers;
    private final VectorEncoding encoding;
    private final int dimension;

    LuceneFrameSearcher(Path path, SearcherManager searchers, VectorEncoding encoding, int dimension) {
        this.path = path;
        this.searchers = searchers;
        this.encoding = encoding;
        this.dimension = dimension;
    }

    /** One graph hit waiting for its video id, frame index and exact similarity. */
    private record Pending(int query, int doc) {
    }

    /**
     * For each query vector, the k stored frames of the {@code breadth} graph candidates most similar to it by the
     * exact dot product with the stored vector: the graph's (quantized) scores only choose candidates.
     */
    List<List<FrameHit>> nearest(List<float[]> vectors, int k, int breadth) {
        return withSearcher(searcher -> {
            // Each query vector is its own graph search: spread them over the cores (this thread and the common pool).
            List<Pending> pending = new ArrayList<>(vectors.size() * breadth);
            IntStream.range(0, vectors.size()).parallel()
                    .mapToObj(q -> graphSearch(searcher, q, vectors.get(q), breadth))
                    .toList().forEach(pending::addAll);
            return resolve(searcher, vectors, pending, k);
        });
    }

    private List<Pending> graphSearch(IndexSearcher searcher, int query, float[] vector, int breadth) {
        try {
            Query knn = encoding == VectorEncoding.INT8
                    ? new KnnByteVectorQuery(LuceneLayout.FIELD_VECTOR, VectorEncoding.quantize(vector), breadth)
                    : new KnnFloatVectorQuery(LuceneLayout.FIELD_VECTOR, vector, breadth);
            ScoreDoc[] hits = searcher.search(knn, breadth).scoreDocs;
            List<Pending> found = new ArrayList<>(hits.length);
            for (ScoreDoc hit : hits) {
                found.add(new Pending(query, hit.doc));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns hits into frame hits with their similarities to the stored vectors, best first, at most k per query. */
    private static List<List<FrameHit>> resolve(IndexSearcher searcher, List<float[]> vectors, List<Pending> pending,
                                                int k) throws IOException {
        // Doc values and vectors are read forward only: visit the hits in document order, one pass per segment.
        pending.sort(Comparator.comparingInt(Pending::doc));
        List<List<FrameHit>> batch = new ArrayList<>(vectors.size());
        for (int q = 0; q < vectors.size(); q++) {
            batch.add(new ArrayList<>());
        }
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int i = 0;
        while (i < pending.size()) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(pending.get(i).doc(), leaves));
            LeafReader reader = leaf.reader();
            SortedDocValues videos = DocValues.getSorted(reader, LuceneLayout.FIELD_VIDEO);
            NumericDocValues frames = DocValues.getNumeric(reader, LuceneLayout.FIELD_FRAME);
            LuceneLayout.LeafVectors stored = LuceneLayout.LeafVectors.of(reader);
            int end = leaf.docBase + reader.maxDoc();
            int current = -1;
            String video = null;
            int frame = 0;
            float[] vector = null;
            for (; i < pending.size() && pending.get(i).doc() < end; i++) {
                int doc = pending.get(i).doc() - leaf.docBase;
                if (doc != current) {
                    current = doc;
                    videos.advanceExact(doc);
                    video = videos.lookupOrd(videos.ordValue()).utf8ToString();
                    frames.advanceExact(doc);
                    frame = (int) frames.longValue();
                    stored.docs().advance(doc);
                    vector = stored.vector();
                }
                int q = pending.get(i).query();
                batch.get(q).add(new FrameHit(video, frame, VideoFeatures.dot(vectors.get(q), vector)));
            }
        }
        for (int q = 0; q < batch.size(); q++) {
            List<FrameHit> hits = batch.get(q);
            hits.sort(Comparator.comparingDouble(FrameHit::similarity).reversed());
            batch.set(q, List.copyOf(hits.subList(0, Math.min(k, hits.size()))));
        }
        return batch;
    }

    Optional<VideoFeatures> frames(String videoId) {
        return withSearcher(searcher -> LuceneLayout.readBlock(searcher, videoId, dimension));
    }

    Optional<List<Landmark>> landmarks(String videoId) {
        return withSearcher(searcher -> LuceneLayout.readLandmarks(searcher, videoId));
    }

    /** Each hash's postings in each segment, the live video documents' ids read in document order. */
    Map<Integer, List<String>> videosWithHashes(Collection<Integer> hashes) {
        return withSearcher(searcher -> {
            Map<Integer, TreeSet<String>> found = new TreeMap<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Terms terms = leaf.reader().terms(LuceneLayout.FIELD_LANDMARK);
                if (terms == null) {
                    continue;
                }
                Bits live = leaf.reader().getLiveDocs();
                TermsEnum termsEnum = terms.iterator();
                Map<Integer, List<Integer>> docsByHash = new HashMap<>();
                TreeMap<Integer, String> videoOfDoc = new TreeMap<>();
                PostingsEnum postings = null;
                for (int hash : hashes) {
                    if (!termsEnum.seekExact(LuceneLayout.hashTerm(hash))) {
                        continue;
                    }
                    postings = termsEnum.postings(postings, PostingsEnum.NONE);
                    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            docsByHash.computeIfAbsent(hash, h -> new ArrayList<>()).add(doc);
                            videoOfDoc.put(doc, null);
                        }
                    }
                }
                SortedDocValues videos = DocValues.getSorted(leaf.reader(), LuceneLayout.FIELD_VIDEO);
                for (Map.Entry<Integer, String> entry : videoOfDoc.entrySet()) { // doc values read forward only
                    videos.advanceExact(entry.getKey());
                    entry.setValue(videos.lookupOrd(videos.ordValue()).utf8ToString());
                }
                docsByHash.forEach((hash, docs) -> docs.forEach(doc ->
                        found.computeIfAbsent(hash, h -> new TreeSet<>()).add(videoOfDoc.get(doc))));
            }
            Map<Integer, List<String>> answer = new TreeMap<>();
            found.forEach((hash, videos) -> answer.put(hash, List.copyOf(videos)));
            return answer;
        });
    }

    Optional<Map<String, String>> metadata(String videoId) {
        return withSearcher(searcher -> LuceneLayout.readMetadata(searcher, videoId));
    }

    boolean contains(String videoId) {
        return withSearcher(searcher -> searcher.count(LuceneLayout.videoDocument(videoId)) > 0);
    }

    List<String> videoIds() {
        return withSearcher(searcher -> {
            int count = Math.max(1, searcher.count(LuceneLayout.VIDEOS));
            StoredFields stored = searcher.storedFields();
            List<String> ids = new ArrayList<>();
            for (ScoreDoc hit : searcher.search(LuceneLayout.VIDEOS, count).scoreDocs) {
                ids.add(stored.document(hit.doc).get(LuceneLayout.FIELD_VIDEO));
            }
            ids.sort(null);
            return ids;
        });
    }

    /** Videos, frames and video seconds; the bytes are the directory's business and left null. */
    StoreStats counts() {
        return withSearcher(searcher -> {
            long videos = searcher.count(LuceneLayout.VIDEOS);
            long frames = searcher.count(LuceneLayout.FRAMES);
            double seconds = 0;
            long landmarks = 0;
            long landmarkBytes = 0;
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                seconds += sum(leaf, live, LuceneLayout.FIELD_DURATION, Double::longBitsToDouble);
                landmarks += (long) sum(leaf, live, LuceneLayout.FIELD_LANDMARK_COUNT, bits -> bits);
                landmarkBytes += (long) sum(leaf, live, LuceneLayout.FIELD_LANDMARK_BYTES, bits -> bits);
            }
            return new StoreStats(videos, frames, seconds, null, landmarks, landmarkBytes);
        });
    }

    /** The sum over a segment's live documents of a numeric doc values field, each value read by {@code value}. */
    private static double sum(LeafReaderContext leaf, Bits live, String field, LongToDoubleFunction value)
            throws IOException {
        double sum = 0;
        NumericDocValues values = DocValues.getNumeric(leaf.reader(), field);
        for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
            if (live == null || live.get(doc)) {
                sum += value.applyAsDouble(values.longValue());
            }
        }
        return sum;
    }

    /** Makes the last commit visible to the next call, waiting for the refresh. */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    private interface SearchAction<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearchAction<T> action) {
        try {
            searchers.maybeRefresh();
            IndexSearcher searcher = searchers.acquire();
            try {
                return action.run(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new StoreException("cannot read store at " + path + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new StoreException("cannot read store at " + path + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() throws IOException {
        searchers.close();
    }
}
