package org.vcd.matcher;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * Lucene 9.12's codec with the frame vectors in an HNSW graph (M {@value #GRAPH_LINKS}, beam {@value #GRAPH_BEAM}):
 * for int8 stores {@code Lucene99HnswVectorsFormat} on the bytes themselves; for float32 stores
 * {@code Lucene99HnswScalarQuantizedVectorsFormat}, which keeps each float vector once beside a
 * {@value #QUANTIZATION_BITS}-bit copy that the graph is searched on. Only writing needs it: a reader finds each
 * segment's format by the name recorded in the segment.
 */
final class FrameVectorCodec extends Lucene912Codec {

    /** HNSW links per node and build beam; Lucene's defaults, measured in docs/benchmarks/store.md. */
    private static final int GRAPH_LINKS = 16;
    private static final int GRAPH_BEAM = 100;
    /** float32 stores: the graph is searched on a 7-bit copy (a quarter of the float bytes); hits are rescored exactly. */
    private static final int QUANTIZATION_BITS = 7;

    private final KnnVectorsFormat vectors;

    FrameVectorCodec(VectorEncoding encoding) {
        vectors = encoding == VectorEncoding.INT8 ? new Lucene99HnswVectorsFormat(GRAPH_LINKS, GRAPH_BEAM)
                : new Lucene99HnswScalarQuantizedVectorsFormat(GRAPH_LINKS, GRAPH_BEAM, 1, QUANTIZATION_BITS,
                false, null, null);
    }

    @Override
    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return vectors;
    }
}
