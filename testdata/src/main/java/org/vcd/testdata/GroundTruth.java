package org.vcd.testdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A generated benchmark's answers, written as {@link #FILE} in its folder (snake_case JSON). Times are in
 * seconds; file paths are relative to the benchmark folder.
 *
 * @param generator  the generator's version: a change means a different benchmark from the same seed
 * @param seed       the seed it was generated with
 * @param size       {@code small} or {@code standard}
 * @param split      which part of the sources it drew from ({@link Split.Choice})
 * @param references the videos to index
 * @param queries    the videos to check, each with every copied segment it holds
 */
public record GroundTruth(String generator, long seed, String size, String split, List<Reference> references,
        List<Query> queries) {

    public static final String FILE = "ground-truth.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public GroundTruth {
        references = List.copyOf(references);
        queries = List.copyOf(queries);
    }

    /**
     * A reference video: one of the sources, copied into the benchmark unchanged.
     *
     * @param source the source file it is a copy of, relative to the sources folder
     */
    public record Reference(String id, String file, String source, double durationSeconds) {
    }

    /**
     * A query video.
     *
     * @param negative why a query holds no copy: {@code filler} (only unrelated footage) or {@code near_duplicate}
     *                 (footage of the same scene as a reference, not copied from it); null for a query with copies
     * @param copies   every copied segment, in query order; empty for a negative
     */
    public record Query(String id, String file, double durationSeconds, String negative, List<Copy> copies) {
        public Query {
            copies = List.copyOf(copies);
        }

        /** The transformation kinds applied to this query's copies. */
        public Set<String> kinds() {
            Set<String> kinds = new LinkedHashSet<>();
            copies.forEach(c -> kinds.addAll(c.kinds()));
            return kinds;
        }
    }

    /**
     * One copied segment. The query span shows the reference span played at {@code speed} (query seconds =
     * reference seconds / speed), backwards when {@code reversed}: then the query start shows the reference end.
     * Forward, the query frame at {@code queryStart + u} shows the reference frame shown at
     * {@code referenceStart + u * speed}; reversed, the copy's query frames are the forward copy's in reverse order.
     *
     * @param kinds           transformation kinds ({@link Transformation.Kind} labels)
     * @param transformations exactly what was done, in order: FFmpeg filter expressions and the generator's own steps
     */
    public record Copy(String reference, double queryStart, double queryEnd, double referenceStart,
            double referenceEnd, double speed, boolean reversed, List<String> kinds, List<String> transformations) {
        public Copy {
            if (!(queryEnd > queryStart) || !(referenceEnd > referenceStart) || !(speed > 0)) {
                throw new IllegalArgumentException("a copy needs positive spans and speed");
            }
            kinds = List.copyOf(kinds);
            transformations = List.copyOf(transformations);
        }
    }

    public static GroundTruth read(Path benchmark) throws IOException {
        return JSON.readValue(benchmark.resolve(FILE).toFile(), GroundTruth.class);
    }

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }
}
