package org.vcd.testdata;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param size       the size's label ({@link BenchmarkGenerator.Size#label()})
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
     * A reference video: one of the sources, copied into the benchmark unchanged, a programme the generator built
     * from several sources (the long size), or a near-static deck of cards it drew (standard and training sizes).
     *
     * @param source the source file it is a copy of, relative to the sources folder; null for a programme or a deck
     * @param parts  a programme's or a deck's stretches, in order and back to back; empty (and not written) for a
     *               source copy
     */
    public record Reference(String id, String file, String source, double durationSeconds,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Part> parts) {
        public Reference {
            parts = parts == null ? List.of() : List.copyOf(parts);
        }

        public Reference(String id, String file, String source, double durationSeconds) {
            this(id, file, source, durationSeconds, List.of());
        }
    }

    /**
     * One stretch of a programme, from {@code start} to {@code end} seconds of programme time.
     *
     * @param kind       {@code footage} (a source playing), {@code freeze} (one source frame held), {@code title_card}
     *                   or {@code slide} (drawn by the generator)
     * @param source     the source shown, relative to the sources folder; null for cards
     * @param sourceTime footage: the source time shown at {@code start} (programme time {@code start + u} shows the
     *                   source frame shown at {@code sourceTime + u}); freeze: the source time of the frame held; null
     *                   for cards
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Part(String kind, double start, double end, String source, Double sourceTime) {
    }

    /**
     * A query video.
     *
     * @param negative why a query holds no copy: {@code filler} (only unrelated footage) or {@code near_duplicate}
     *                 (footage of the same scene as a reference, not copied from it); null for a query with copies
     * @param copies   every copied segment, in query order (by query start); empty for a negative
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
