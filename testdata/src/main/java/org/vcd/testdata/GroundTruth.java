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
 * @param sound      made with sound ({@code --sound}): queries carry sound and copies say what became of theirs;
 *                   false (and not written, so silent benchmarks read and write as before) otherwise
 */
public record GroundTruth(String generator, long seed, String size, String split, List<Reference> references,
        List<Query> queries, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean sound) {

    public static final String FILE = "ground-truth.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public GroundTruth {
        references = List.copyOf(references);
        queries = List.copyOf(queries);
    }

    /** A silent benchmark's answers. */
    public GroundTruth(String generator, long seed, String size, String split, List<Reference> references,
            List<Query> queries) {
        this(generator, seed, size, split, references, queries, false);
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
     * @param negative why a query holds no copy: {@code filler} (only unrelated footage), {@code near_duplicate}
     *                 (footage of the same scene as a reference, not copied from it) or {@code music_only}
     *                 (unrelated pictures carrying a reference's sound, see {@code music}); null for a query with copies
     * @param copies   every copied segment, in query order (by query start); empty for a negative
     * @param music    a {@code music_only} query's stretch of a reference's sound under unrelated pictures, as a copy
     *                 of kind {@code music_only} ({@code audioTransformations} say how it was mixed); empty (and not
     *                 written) otherwise
     */
    public record Query(String id, String file, double durationSeconds, String negative, List<Copy> copies,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Copy> music) {
        public Query {
            copies = List.copyOf(copies);
            music = music == null ? List.of() : List.copyOf(music);
        }

        public Query(String id, String file, double durationSeconds, String negative, List<Copy> copies) {
            this(id, file, durationSeconds, negative, copies, List.of());
        }

        /** The transformation kinds applied to this query's copies. */
        public Set<String> kinds() {
            Set<String> kinds = new LinkedHashSet<>();
            copies.forEach(c -> kinds.addAll(c.kinds()));
            return kinds;
        }

        /** What became of this query's copies' sound ({@link Copy#audio}); empty for a silent benchmark. */
        public Set<String> audio() {
            Set<String> audio = new LinkedHashSet<>();
            copies.stream().map(Copy::audio).filter(a -> a != null).forEach(audio::add);
            return audio;
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
     * @param audio           benchmarks with sound: what became of the copy's own sound, {@code kept} (the reference's
     *                        sound at the copied times, changed by {@code audioTransformations}), {@code muted}
     *                        (silence), {@code replaced} (a filler's sound or other music) or {@code none} (the
     *                        reference has no sound); null (and not written) for a silent benchmark
     * @param audioTransformations what was done to the sound, in order ({@code atempo=S}, {@code areverse}, then the
     *                        whole track's steps, {@link SoundRecipe#trackSteps}); empty (and not written) without sound
     */
    public record Copy(String reference, double queryStart, double queryEnd, double referenceStart,
            double referenceEnd, double speed, boolean reversed, List<String> kinds, List<String> transformations,
            @JsonInclude(JsonInclude.Include.NON_NULL) String audio,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> audioTransformations) {
        public Copy {
            if (!(queryEnd > queryStart) || !(referenceEnd > referenceStart) || !(speed > 0)) {
                throw new IllegalArgumentException("a copy needs positive spans and speed");
            }
            kinds = List.copyOf(kinds);
            transformations = List.copyOf(transformations);
            audioTransformations = audioTransformations == null ? List.of() : List.copyOf(audioTransformations);
        }

        /** A copy in a silent benchmark. */
        public Copy(String reference, double queryStart, double queryEnd, double referenceStart, double referenceEnd,
                double speed, boolean reversed, List<String> kinds, List<String> transformations) {
            this(reference, queryStart, queryEnd, referenceStart, referenceEnd, speed, reversed, kinds,
                    transformations, null, List.of());
        }

        /** This copy with what became of its sound. */
        public Copy withAudio(String audio, List<String> audioTransformations) {
            return new Copy(reference, queryStart, queryEnd, referenceStart, referenceEnd, speed, reversed, kinds,
                    transformations, audio, audioTransformations);
        }
    }

    public static GroundTruth read(Path benchmark) throws IOException {
        return JSON.readValue(benchmark.resolve(FILE).toFile(), GroundTruth.class);
    }

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }
}
