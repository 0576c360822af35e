package org.vcd.matcher;

import java.util.Map;

/**
 * What a store records about itself, so that it is reopened as it was written: the {@link FrameSpec} that fills it
 * and its {@link VectorEncoding}. A Lucene store keeps it in every commit's user data, a Milvus collection in its
 * properties, as four strings (keys after the {@link Dialect}'s prefix):
 * <ul>
 *   <li>{@code embedder}: the frame embedder's name;</li>
 *   <li>{@code dimension}: its vector dimension, in decimal;</li>
 *   <li>{@code keyframes}: the keyframe selector's name;</li>
 *   <li>{@code format}: the layout's version number, which also says the encoding ({@link Dialect});</li>
 *   <li>{@code audio}: {@code true} when the store holds every video's sound landmarks; stores made before
 *   landmarks were stored lack the key and hold none.</li>
 * </ul>
 */
record StoreHeader(FrameSpec spec, VectorEncoding encoding) {

    /** How one kind of store spells its header: the key prefix and the format number of each encoding. */
    enum Dialect {
        /**
         * Commit user data, no prefix. Format 2 float32 (as older vcd versions write and read it, so they keep reading
         * float stores), 3 int8 (which older versions refuse rather than misread). 1 kept a float blob per video and
         * is refused.
         */
        LUCENE("", Map.of(VectorEncoding.FLOAT32, "2", VectorEncoding.INT8, "3"),
                ": index its references again into a new store"),
        /** Collection properties, prefix {@code vcd.}. Format 1 float32 (collections made before int8), 2 int8. */
        MILVUS("vcd.", Map.of(VectorEncoding.FLOAT32, "1", VectorEncoding.INT8, "2"), "");

        private final String prefix;
        private final Map<VectorEncoding, String> formats;
        /** What to do with a store of a format this vcd does not read. */
        private final String wayOut;

        Dialect(String prefix, Map<VectorEncoding, String> formats, String wayOut) {
            this.prefix = prefix;
            this.formats = formats;
            this.wayOut = wayOut;
        }

        String key(String name) {
            return prefix + name;
        }
    }

    /** The header as the store keeps it. */
    Map<String, String> entries(Dialect dialect) {
        return Map.of(dialect.key("embedder"), spec.embedder(),
                dialect.key("dimension"), Integer.toString(spec.dimension()),
                dialect.key("keyframes"), spec.keyframes(),
                dialect.key("format"), dialect.formats.get(encoding),
                dialect.key("audio"), Boolean.toString(spec.audio()));
    }

    /** Reads the header of {@code store} (named in messages) from its entries, refusing a format it does not know. */
    static StoreHeader read(Dialect dialect, Map<String, String> entries, String store) {
        if (entries == null || entries.get(dialect.key("embedder")) == null) {
            throw new StoreException("store " + store + " is not a vcd frame store");
        }
        String format = entries.get(dialect.key("format"));
        VectorEncoding encoding = dialect.formats.entrySet().stream().filter(e -> e.getValue().equals(format))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new StoreException("store " + store
                        + " has format " + format + ", this vcd reads formats "
                        + dialect.formats.get(VectorEncoding.FLOAT32) + " (float32) and "
                        + dialect.formats.get(VectorEncoding.INT8) + " (int8)" + dialect.wayOut));
        return new StoreHeader(new FrameSpec(entries.get(dialect.key("embedder")),
                Integer.parseInt(entries.get(dialect.key("dimension"))), entries.get(dialect.key("keyframes")),
                Boolean.parseBoolean(entries.get(dialect.key("audio")))),
                encoding);
    }
}
