package org.vcd.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Builds a copy-detection benchmark from a folder of source videos: some sources become references (indexed
 * unchanged, or, for the long size, joined into {@link Programme}s), the others fillers (never indexed); the standard
 * and training sizes add near-static references drawn from cards ({@link Programme#deck}); each query
 * splices transformed segments of references between filler footage, or holds no copy at all (a negative). Same sources, seed and size give the same
 * benchmark, byte for byte. Writes {@code references/}, {@code queries/} and {@link GroundTruth#FILE}.
 *
 * <p>Every source is first decoded once from its start (a fast seek can land on garbage frames in some real
 * files) into a small intermediate at {@link #BASE_WIDTH} px wide, remembering each frame's presentation time
 * counted from the first frame, as ingest counts. A query frame then shows an exactly known source frame: the
 * last one whose time is at or before the wanted time.
 */
public final class BenchmarkGenerator {

    /** Change whenever the same inputs would give a different benchmark. */
    public static final String GENERATOR = "vcd-bench-2";
    /** Width of the intermediates and of queries before SCALE. */
    static final int BASE_WIDTH = 320;
    /** Frame rate the intermediates are written at: frame i has pts i, so its index is exact after a seek. */
    static final double INTERMEDIATE_FPS = 25;
    private static final int INTERMEDIATE_QSCALE = 2;
    private static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "mkv", "webm", "ogv", "avi", "mov", "m4v",
            "mpg", "mpeg", "flv", "wmv", "3gp", "ts");
    /** Reversed copies are buffered whole; keep them short. */
    private static final double MAX_REVERSED_SECONDS = 10;
    /** Mixed into the seed for the sound's draws: a random of their own (see {@code addSound}). */
    private static final long SOUND_SEED_SALT = 0x736f756e64L;
    /** A music-only negative carries this much of a reference's sound (at most the sound there is). */
    private static final double MIN_MUSIC_SECONDS = 8;
    private static final double MAX_MUSIC_SECONDS = 20;
    /** Level of a reference's sound mixed under a filler's own, dB: background music. */
    private static final double MIN_UNDER_DB = -12;
    private static final double MAX_UNDER_DB = -6;

    /**
     * The numbers one size generates with.
     *
     * @param references     references: sources drawn (at most the usable sources minus one filler), or programmes
     *                       built when {@code programmes} is set
     * @param decks          near-static references drawn from title cards and slides, besides {@code references}
     * @param queries        queries in all
     * @param negatives      of which hold no copy
     * @param nearDuplicates of the negatives, how many show near-duplicate footage (when the sources offer it)
     * @param maxCopies      copies per positive query: 1 to this
     * @param singles        the kinds the first positives take alone, in this order; later positives combine two or three
     * @param programmes     how references are built from several sources; null: each reference is one source, unchanged
     * @param musicOnly      with sound: negatives carrying a reference's sound under unrelated pictures, besides
     *                       {@code queries} (planned after them)
     */
    record Shape(int references, int decks, int queries, int negatives, int nearDuplicates, double minCopySeconds,
            double maxCopySeconds, double minFillerSeconds, double maxFillerSeconds, int maxCopies,
            List<Transformation.Kind> singles, Programme.Layout programmes, int musicOnly) {
        Shape {
            singles = List.copyOf(singles);
        }
    }

    /** How much to generate, and how (see {@link Shape}). */
    public enum Size {
        // Small: easy kinds and the two that move frames in time, so a test can check the timing exactly.
        SMALL(new Shape(2, 0, 7, 2, 0, 4, 8, 2, 4, 2, List.of(Transformation.Kind.BRIGHTNESS_CONTRAST,
                Transformation.Kind.REENCODE, Transformation.Kind.SCALE, Transformation.Kind.SPEED,
                Transformation.Kind.REVERSED), null, 2)),
        STANDARD(new Shape(14, 2, 150, 36, 4, 3, 30, 2, 8, 3, twice(Transformation.Kind.values()), null, 8)),
        /**
         * A third of {@code STANDARD}'s queries, every kind once: a measurement in a quarter of its time (the sound
         * benchmark's first numbers), at the price of wider error bars.
         */
        COMPACT(new Shape(8, 1, 48, 12, 2, 3, 30, 2, 8, 3, List.of(Transformation.Kind.values()), null, 6)),
        /** For training on the training split, which has too few sources for {@code STANDARD}'s references. */
        TRAINING(new Shape(6, 1, 200, 40, 2, 3, 30, 2, 8, 3, List.of(Transformation.Kind.values()), null, 10)),
        /**
         * Long-form references: programmes of 4 to 10 minutes joining several sources with title cards, slides and
         * freeze frames among them; copies of 20 to 120 s of programme time.
         */
        LONG(new Shape(6, 0, 50, 10, 2, 20, 120, 2, 8, 2, List.of(Transformation.Kind.values()),
                new Programme.Layout(240, 600, 10, 30, 3, 10, 0.25), 4));

        final Shape shape;

        Size(Shape shape) {
            this.shape = shape;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        private static List<Transformation.Kind> twice(Transformation.Kind[] kinds) {
            List<Transformation.Kind> list = new ArrayList<>(List.of(kinds));
            list.addAll(List.of(kinds));
            return list;
        }
    }

    static {
        // FFmpeg describes every file it opens on stderr; the generator reports progress itself.
        avutil.av_log_set_level(Integer.getInteger("vcd.ffmpeg.loglevel", avutil.AV_LOG_QUIET));
    }

    private final Path sources;
    private final Path out;
    private final long seed;
    private final Size size;
    private final Shape shape;
    private final Split.Choice split;
    private final boolean sound;
    private final Consumer<String> log;
    private final Path work;

    private BenchmarkGenerator(Path sources, Path out, long seed, Size size, Shape shape, Split.Choice split,
            boolean sound, Consumer<String> log) {
        this.sources = sources;
        this.out = out;
        this.seed = seed;
        this.size = size;
        this.shape = shape;
        this.split = split;
        this.sound = sound;
        this.log = log;
        this.work = out.resolve(".work");
    }

    /**
     * Generates the benchmark into {@code out}, which must be missing or empty.
     *
     * @param log progress lines, for a person watching
     * @throws IllegalArgumentException when the sources cannot make a benchmark of this size (too few usable videos)
     */
    public static GroundTruth generate(Path sources, Path out, long seed, Size size, Split.Choice split,
            Consumer<String> log) throws IOException {
        return generate(sources, out, seed, size, size.shape, split, false, log);
    }

    /**
     * As {@link #generate(Path, Path, long, Size, Split.Choice, Consumer)}; with {@code sound}, queries carry sound
     * ({@link SoundRecipe}), sources with sound are references first and music-only negatives are added; without it,
     * the silent benchmark byte for byte.
     */
    public static GroundTruth generate(Path sources, Path out, long seed, Size size, Split.Choice split, boolean sound,
            Consumer<String> log) throws IOException {
        return generate(sources, out, seed, size, size.shape, split, sound, log);
    }

    /**
     * As {@link #generate(Path, Path, long, Size, Split.Choice, boolean, Consumer)} with other numbers: tests scale
     * sizes down.
     */
    static GroundTruth generate(Path sources, Path out, long seed, Size size, Shape shape, Split.Choice split,
            boolean sound, Consumer<String> log) throws IOException {
        if (!Files.isDirectory(sources)) {
            throw new IllegalArgumentException("no such folder: " + sources);
        }
        if (Files.exists(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("output folder is not empty: " + out);
                }
            }
        }
        return new BenchmarkGenerator(sources, out, seed, size, shape, split, sound, log).run();
    }

    /**
     * A source decoded into an intermediate; {@code times[i]} is when frame i shows, from the first frame;
     * {@code sound}: its sound, mono at {@link SoundRecipe#RATE} on the same clock (sample 0 plays with frame 0), null
     * when it has none or the benchmark is silent.
     */
    record Source(String relative, Path original, Path intermediate, int width, int height, double[] times,
            double duration, float[] sound) {

        String id() {
            String name = original.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        }

        /** Index of the frame shown at {@code t}: the last whose time is at or before it. */
        int frameAt(double t) {
            int i = Arrays.binarySearch(times, t);
            return i >= 0 ? i : Math.max(0, -i - 2);
        }
    }

    private GroundTruth run() throws IOException {
        Files.createDirectories(work);
        Files.createDirectories(out.resolve("references"));
        Files.createDirectories(out.resolve("queries"));
        List<Source> usable = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path file : sourceVideos(sources, split)) {
            String name = file.getFileName().toString();
            if (!names.add(name.substring(0, name.length() - extension(file).length() - 1))) {
                // References are named by file name without extension.
                log.accept("skipping " + sources.relativize(file) + ": another source has the same name");
                continue;
            }
            Source source = normalize(file, work.resolve("s" + usable.size() + ".mp4"));
            if (source != null) {
                usable.add(source);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        Roles roles = assignRoles(usable, random);
        List<GroundTruth.Reference> references = new ArrayList<>();
        List<Programme> programmes = List.of();
        if (shape.programmes() == null) {
            for (Source reference : roles.references) {
                String name = reference.original.getFileName().toString();
                Path target = out.resolve("references").resolve(name);
                Files.copy(reference.original, target, StandardCopyOption.REPLACE_EXISTING);
                references.add(new GroundTruth.Reference(reference.id(), "references/" + name, reference.relative,
                        reference.duration));
            }
            List<Source> copied = new ArrayList<>(roles.references);
            for (int d = 0; d < shape.decks(); d++) {
                String id = String.format(Locale.ROOT, "deck%02d", d + 1);
                while (names.contains(id)) {
                    id = "_" + id; // reference ids are file names without extension: keep clear of the sources'
                }
                Programme deck = Programme.deck(id, out.resolve("references"), random.split());
                log.accept(String.format(Locale.ROOT, "%s: %.1f s of cards", id, deck.video().duration()));
                deck.render();
                references.add(deck.reference());
                copied.add(deck.video());
            }
            roles = new Roles(copied, roles.fillers, roles.nearDuplicates);
        } else {
            programmes = Programme.plan(roles.references, shape.programmes(), shape.references(),
                    out.resolve("references"), random.split(), log);
            for (Programme programme : programmes) {
                log.accept(String.format(Locale.ROOT, "%s: %.1f s in %d parts", programme.id(),
                        programme.video().duration(), programme.parts().size()));
                programme.render();
                references.add(programme.reference());
            }
            // Queries copy from the programmes, never from their sources directly.
            roles = new Roles(programmes.stream().map(Programme::video).toList(), roles.fillers, roles.nearDuplicates);
        }
        List<GroundTruth.Query> queries = new ArrayList<>();
        List<QueryPlan> plans = planQueries(roles, random);
        for (int q = 0; q < plans.size(); q++) {
            QueryPlan plan = plans.get(q);
            log.accept(String.format(Locale.ROOT, "query %d/%d %s: %s", q + 1, plans.size(), plan.id,
                    plan.negative != null ? "negative (" + plan.negative + ")" : String.join("+", plan.recipe.labels())));
            queries.add(render(plan, programmes));
        }
        GroundTruth truth = new GroundTruth(GENERATOR, seed, size.label(), split.name().toLowerCase(Locale.ROOT),
                references, queries, sound);
        truth.write(out.resolve(GroundTruth.FILE));
        deleteTree(work);
        return truth;
    }

    /** The video files under {@code sources} (any depth, by extension) in {@code split}, in path order. */
    public static List<Path> sourceVideos(Path sources, Split.Choice split) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> VIDEO_EXTENSIONS.contains(extension(f)))
                    .filter(split::includes)
                    .sorted(Comparator.comparing(f -> sources.relativize(f).toString()))
                    .toList();
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Decodes {@code file} from its start into a {@link #BASE_WIDTH}-wide intermediate; null if it is unusable. */
    private Source normalize(Path file, Path intermediate) throws IOException {
        String relative = sources.relativize(file).toString();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        FFmpegFrameRecorder recorder = null;
        List<Double> times = new ArrayList<>();
        int width = 0;
        int height = 0;
        SoundDecode heard = null;
        long origin = Long.MIN_VALUE;
        try {
            grabber.start();
            if (!grabber.hasVideo() || grabber.getImageWidth() <= 0) {
                log.accept("skipping " + relative + ": no video stream");
                return null;
            }
            width = BASE_WIDTH;
            height = Math.max(16, (int) Math.round(BASE_WIDTH * (double) grabber.getImageHeight()
                    / grabber.getImageWidth() / 2) * 2);
            grabber.setImageWidth(width);
            grabber.setImageHeight(height);
            if (sound && grabber.hasAudio()) {
                grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT);
                grabber.setSampleRate(SoundRecipe.RATE);
                grabber.setAudioChannels(1);
                heard = new SoundDecode();
            }
            grabber.restart();
            recorder = SyntheticVideo.startRecorder(intermediate, width, height, INTERMEDIATE_FPS, INTERMEDIATE_QSCALE);
            double last = Double.NEGATIVE_INFINITY;
            Frame frame;
            while ((frame = grabber.grabFrame(heard != null, true, true, false, false)) != null) {
                if (frame.samples != null && heard != null) {
                    heard.add(frame);
                    continue;
                }
                if (frame.image == null || frame.imageWidth <= 0) {
                    continue;
                }
                if (origin == Long.MIN_VALUE) {
                    origin = frame.timestamp;
                }
                double t = (frame.timestamp - origin) / 1e6;
                if (t <= last) {
                    continue; // as ingest does: a duplicate or out-of-order timestamp keeps the frame already shown
                }
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
                times.add(t);
                last = t;
            }
            recorder.stop();
        } catch (FrameGrabber.Exception | FFmpegFrameRecorder.Exception e) {
            log.accept("skipping " + relative + ": " + e.getMessage());
            return null;
        } finally {
            if (recorder != null) {
                recorder.release();
            }
            grabber.release();
        }
        if (times.size() < 2) {
            log.accept("skipping " + relative + ": fewer than two frames");
            return null;
        }
        double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
        double duration = t[t.length - 1] + (t[t.length - 1] - t[t.length - 2]);
        float[] samples = heard == null || !heard.audible() ? null : heard.samples(origin);
        log.accept(String.format(Locale.ROOT, "source %s: %d frames, %.1f s%s", relative, t.length, duration,
                samples == null ? "" : String.format(Locale.ROOT, ", %.1f s of sound", samples.length
                        / (double) SoundRecipe.RATE)));
        return new Source(relative, file, intermediate, width, height, t, duration, samples);
    }

    /**
     * A source's sound as decoded, from the audio stream's first timestamp; as ingest collects it, a jump in the
     * timestamps of more than 20 ms is filled with silence, so the samples stay on the pictures' clock.
     */
    private static final class SoundDecode {
        /** A longer jump in the timestamps is a gap (ingest's {@code Decoder} uses the same). */
        private static final double GAP_SECONDS = 0.02;
        /** -60 dB, the fingerprint's floor. */
        private static final double AUDIBLE = 1e-3;
        private float[] samples = new float[0];
        private int length;
        private long start;

        void add(Frame frame) {
            FloatBuffer buffer = ((FloatBuffer) frame.samples[0]).duplicate();
            int count = buffer.remaining();
            if (length == 0) {
                start = frame.timestamp;
            }
            int at = (int) Math.round((frame.timestamp - start) / 1e6 * SoundRecipe.RATE);
            int from = at - length > GAP_SECONDS * SoundRecipe.RATE ? at : length;
            if (from + count > samples.length) {
                samples = Arrays.copyOf(samples, Math.max(from + count, samples.length * 2));
            }
            buffer.get(samples, from, count);
            length = from + count;
        }

        /**
         * Whether any sample reaches -60 dB, the fingerprint's floor: many files carry a track of digital silence
         * (a camera's muted microphone), which is no sound to keep.
         */
        boolean audible() {
            for (int i = 0; i < length; i++) {
                if (Math.abs(samples[i]) >= AUDIBLE) {
                    return true;
                }
            }
            return false;
        }

        /** The sound from the first picture's timestamp {@code origin} (microseconds) on. */
        float[] samples(long origin) {
            int lead = (int) Math.round((start - origin) / 1e6 * SoundRecipe.RATE);
            float[] aligned = new float[Math.max(0, length + lead)];
            int from = Math.max(0, -lead);
            System.arraycopy(samples, from, aligned, Math.max(0, lead), Math.max(0, length - from));
            return aligned;
        }
    }

    /** Which source plays which part. */
    private record Roles(List<Source> references, List<Source> fillers, List<Source> nearDuplicates) {
    }

    /**
     * For each group of near-duplicates among the sources, the first becomes a reference and the others
     * near-duplicate footage (never indexed, never filler). Then references are drawn at random from the sources
     * long enough to copy from (with sound, those with sound first); the rest are fillers. With programmes, the
     * references are the sources programmes are built from: all but a share kept back as fillers (at least one), of
     * those at least 1 s long.
     */
    private Roles assignRoles(List<Source> usable, SplittableRandom random) {
        List<Source> references = new ArrayList<>();
        List<Source> nearDuplicates = new ArrayList<>();
        List<Source> rest = new ArrayList<>(usable);
        if (shape.nearDuplicates() > 0) {
            for (Split.RelatedGroup group : Split.relatedGroups()) {
                if (!group.nearDuplicate()) {
                    continue;
                }
                List<Source> members = usable.stream()
                        .filter(s -> group.fileNames().contains(s.original.getFileName().toString()))
                        .sorted(Comparator.comparing(s -> group.fileNames().indexOf(s.original.getFileName().toString())))
                        .toList();
                if (members.size() >= 2) {
                    references.add(members.get(0));
                    nearDuplicates.addAll(members.subList(1, members.size()));
                    rest.removeAll(members);
                }
            }
        }
        shuffle(rest, random);
        if (sound) {
            // Sources with sound are references first (in the seeded order): few real files have sound, and the
            // copies that keep it are what the benchmark with sound is for.
            rest.sort(Comparator.comparing(source -> source.sound == null));
        }
        List<Source> fillers = new ArrayList<>();
        Programme.Layout programmes = shape.programmes();
        int kept = programmes == null ? 0 : Math.max(1, (int) Math.round(rest.size() * programmes.fillerShare()));
        for (Source source : rest) {
            boolean reference = programmes == null
                    ? references.size() < shape.references() && source.duration >= shape.minCopySeconds() + 1
                    : fillers.size() >= kept && source.duration >= 1;
            (reference ? references : fillers).add(source);
        }
        int needed = programmes == null ? shape.references() : 1;
        if (references.size() < needed || fillers.isEmpty()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%d usable source videos (split %s) are too few for %s and at least one filler", usable.size(),
                    split.name().toLowerCase(Locale.ROOT),
                    programmes == null ? shape.references() + " references" : "programmes"));
        }
        references.sort(Comparator.comparing(Source::relative));
        return new Roles(references, fillers, nearDuplicates);
    }

    static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /** A stretch of a source: {@code frames} query frames showing the source from {@code start} on. */
    private record Piece(Source source, double start, int frames, boolean copy) {
    }

    /** Filler footage shown in {@code region} of the canvas while copies play, from {@code start} on. */
    private record Fill(Source source, double start, Transformation.Region region) {
    }

    /** A query's pictures and, with sound, what plays with them (null: silent). */
    private record QueryPlan(String id, Transformation.Recipe recipe, String negative, List<Piece> pieces,
            List<Fill> fills, SoundPlan sound) {

        QueryPlan(String id, Transformation.Recipe recipe, String negative, List<Piece> pieces, List<Fill> fills) {
            this(id, recipe, negative, pieces, fills, null);
        }

        QueryPlan withSound(SoundPlan sound) {
            return new QueryPlan(id, recipe, negative, pieces, fills, sound);
        }
    }

    /**
     * What a query sounds like: the recipe; for replaced copies, the filler whose sound plays under them from
     * {@code replacementStart} on (null: other music, when no filler has sound); for a music-only negative, the
     * reference's sound it carries (null otherwise).
     */
    private record SoundPlan(SoundRecipe recipe, Source replacement, double replacementStart, Music music) {
    }

    /**
     * A reference's sound under a music-only negative's pictures: {@code seconds} of it from {@code referenceStart},
     * at query time {@code queryStart}, alone (the pictures' own sound dropped there) when {@code levelDb} is NaN,
     * otherwise mixed at that level under it.
     */
    private record Music(Source reference, double referenceStart, double queryStart, double seconds, double levelDb) {
    }

    /**
     * Draws every query before rendering any, so the plan depends only on the seed and the sources. Positives
     * first take each of the shape's {@link Shape#singles} alone, then random combinations of two or three kinds.
     */
    private List<QueryPlan> planQueries(Roles roles, SplittableRandom random) {
        Transformation.Kind[] kinds = Transformation.Kind.values();
        int positives = shape.queries() - shape.negatives();
        List<QueryPlan> plans = new ArrayList<>();
        int nearDuplicates = roles.nearDuplicates.isEmpty() ? 0 : shape.nearDuplicates();
        for (int q = 0; q < shape.queries(); q++) {
            String id = String.format(Locale.ROOT, "q%04d", q + 1);
            SplittableRandom r = random.split();
            if (q < positives) {
                List<Transformation.Kind> chosen = new ArrayList<>();
                if (q < shape.singles().size()) {
                    chosen.add(shape.singles().get(q));
                } else {
                    List<Transformation.Kind> pool = new ArrayList<>(List.of(kinds));
                    shuffle(pool, r);
                    chosen.addAll(pool.subList(0, r.nextInt(2, 4)));
                    chosen.sort(Comparator.naturalOrder());
                }
                plans.add(planPositive(id, chosen, roles, r));
            } else if (q < positives + nearDuplicates) {
                plans.add(planNegative(id, "near_duplicate", roles, r));
            } else {
                plans.add(planNegative(id, "filler", roles, r));
            }
        }
        if (sound) {
            addSound(plans, roles, random);
        }
        return plans;
    }

    /**
     * Gives every query its sound, from a random of its own so the pictures' plan draws the same numbers with sound or
     * without, then appends the music-only negatives (planned after every other query, for the same reason).
     */
    private void addSound(List<QueryPlan> plans, Roles roles, SplittableRandom random) {
        SplittableRandom sounds = new SplittableRandom(seed ^ SOUND_SEED_SALT);
        List<Source> heard = roles.fillers.stream().filter(f -> f.sound != null).toList();
        List<Source> musical = roles.references.stream()
                .filter(f -> f.sound != null && f.sound.length / (double) SoundRecipe.RATE >= MIN_MUSIC_SECONDS)
                .toList();
        if (musical.isEmpty() && shape.musicOnly() > 0) {
            log.accept("no reference has " + MIN_MUSIC_SECONDS + " s of sound: no music-only negatives");
        }
        int pictured = plans.size();
        for (int q = 0; q < pictured + (musical.isEmpty() ? 0 : shape.musicOnly()); q++) {
            SplittableRandom s = sounds.split();
            SoundRecipe recipe = SoundRecipe.draw(s);
            Source replacement = heard.isEmpty() ? null : heard.get(s.nextInt(heard.size()));
            double replacementStart = replacement == null ? 0 : s.nextDouble(replacement.duration);
            if (q < pictured) {
                plans.set(q, plans.get(q).withSound(new SoundPlan(recipe, replacement, replacementStart, null)));
                continue;
            }
            QueryPlan negative = planNegative(String.format(Locale.ROOT, "q%04d", q + 1), "music_only", roles,
                    random.split());
            double seconds = negative.pieces.stream().mapToInt(Piece::frames).sum() / negative.recipe.fps();
            Source reference = musical.get(s.nextInt(musical.size()));
            double length = Math.min(Math.min(seconds, reference.sound.length / (double) SoundRecipe.RATE),
                    s.nextDouble(MIN_MUSIC_SECONDS, MAX_MUSIC_SECONDS));
            // Whole milliseconds, for readable ground truth.
            double referenceStart = Math.floor(s.nextDouble(reference.sound.length / (double) SoundRecipe.RATE
                    - length + 1e-3) * 1000) / 1000;
            double queryStart = Math.floor(s.nextDouble(seconds - length + 1e-3) * 1000) / 1000;
            double levelDb = s.nextBoolean() ? Double.NaN
                    : Math.round(s.nextDouble(MIN_UNDER_DB, MAX_UNDER_DB) * 10) / 10.0;
            plans.add(negative.withSound(new SoundPlan(recipe, replacement, replacementStart,
                    new Music(reference, referenceStart, queryStart, Math.floor(length * 1000) / 1000, levelDb))));
        }
    }

    private QueryPlan planPositive(String id, List<Transformation.Kind> kinds, Roles roles, SplittableRandom r) {
        int copies = r.nextInt(1, shape.maxCopies() + 1);
        Source first = roles.references.get(r.nextInt(roles.references.size()));
        Transformation.Recipe recipe = Transformation.recipe(kinds, r);
        double fps = recipe.fps();
        List<Piece> pieces = new ArrayList<>();
        pieces.add(fillerPiece(roles, fps, r));
        for (int c = 0; c < copies; c++) {
            Source reference = c == 0 ? first : roles.references.get(r.nextInt(roles.references.size()));
            double longest = Math.min(shape.maxCopySeconds(), reference.times[reference.times.length - 1]);
            if (recipe.reversed()) {
                longest = Math.min(longest, MAX_REVERSED_SECONDS);
            }
            double span = logUniform(r, Math.min(shape.minCopySeconds(), longest), longest);
            // Whole query frames: the reference span is frames * speed / fps, within the reference's frames.
            int frames = Math.max(1, (int) Math.floor(span / recipe.speed() * fps));
            double referenceSpan = frames * recipe.speed() / fps;
            // Whole milliseconds, for readable ground truth; the frames shown follow from it exactly.
            double start = Math.floor(r.nextDouble(Math.max(1e-3,
                    reference.times[reference.times.length - 1] - referenceSpan)) * 1000) / 1000;
            pieces.add(new Piece(reference, start, frames, true));
            pieces.add(fillerPiece(roles, fps, r));
        }
        List<Fill> fills = new ArrayList<>();
        for (Transformation.Region region : recipe.fillerRegions()) {
            Source filler = roles.fillers.get(r.nextInt(roles.fillers.size()));
            fills.add(new Fill(filler, r.nextDouble(filler.duration / 2), region));
        }
        return new QueryPlan(id, recipe, null, pieces, fills);
    }

    private QueryPlan planNegative(String id, String negative, Roles roles, SplittableRandom r) {
        Transformation.Recipe plain = Transformation.recipe(List.of(), r);
        List<Piece> pieces = new ArrayList<>();
        int fillers = r.nextInt(2, 4);
        for (int i = 0; i < fillers; i++) {
            pieces.add(fillerPiece(roles, plain.fps(), r));
            if (i == 0 && negative.equals("near_duplicate")) {
                Source near = roles.nearDuplicates.get(r.nextInt(roles.nearDuplicates.size()));
                double length = Math.min(near.duration - 0.5, r.nextDouble(8, 20));
                pieces.add(new Piece(near, r.nextDouble(near.duration - length), frames(length, plain.fps()), false));
            }
        }
        return new QueryPlan(id, plain, negative, pieces, List.of());
    }

    private Piece fillerPiece(Roles roles, double fps, SplittableRandom r) {
        Source filler = roles.fillers.get(r.nextInt(roles.fillers.size()));
        double length = Math.min(filler.duration * 0.9, r.nextDouble(shape.minFillerSeconds(), shape.maxFillerSeconds()));
        return new Piece(filler, r.nextDouble(filler.duration - length), frames(length, fps), false);
    }

    private static int frames(double seconds, double fps) {
        return Math.max(1, (int) Math.round(seconds * fps));
    }

    private static double logUniform(SplittableRandom r, double min, double max) {
        return min >= max ? max : Math.exp(r.nextDouble(Math.log(min), Math.log(max)));
    }

    /** Writes one query and returns its ground truth. */
    private GroundTruth.Query render(QueryPlan plan, List<Programme> programmes) throws IOException {
        Transformation.Recipe recipe = plan.recipe;
        Source canvasSource = plan.pieces.stream().filter(Piece::copy).findFirst().orElse(plan.pieces.get(0)).source;
        int width = even(canvasSource.width * recipe.canvasScale());
        int height = even(canvasSource.height * recipe.canvasScale());
        double fps = recipe.fps();
        String name = plan.id + ".mp4";
        Path target = out.resolve("queries").resolve(name);
        Path partial = work.resolve(name);
        List<GroundTruth.Copy> copies = new ArrayList<>();
        List<CopySound> copySounds = new ArrayList<>();
        float[] track = plan.sound == null ? null : soundTrack(plan, copySounds);
        FFmpegFrameRecorder recorder = plan.sound == null
                ? SyntheticVideo.startRecorder(partial, width, height, fps, recipe.qscale())
                : SyntheticVideo.startRecorder(partial, width, height, fps, recipe.qscale(), SoundRecipe.RATE,
                        plan.sound.recipe().bitrate());
        Canvas canvas = new Canvas(recorder, width, height, recipe, track);
        List<Backdrop> backdrops = new ArrayList<>();
        try {
            for (Fill fill : plan.fills) {
                backdrops.add(new Backdrop(fill, Box.of(fill.region, width, height)));
            }
            int written = 0;
            for (Piece piece : plan.pieces) {
                if (!piece.copy) {
                    try (FrameReader reader = new FrameReader(piece.source, width, height)) {
                        for (int k = 0; k < piece.frames; k++) {
                            canvas.record(reader.frame(piece.source.frameAt(piece.start + k / fps)));
                        }
                    }
                } else {
                    writeCopy(piece, recipe, canvas, backdrops);
                    double referenceEnd = piece.start + piece.frames * recipe.speed() / fps;
                    GroundTruth.Copy copy = new GroundTruth.Copy(piece.source.id(), written / fps,
                            (written + piece.frames) / fps, piece.start, referenceEnd, recipe.speed(), recipe.reversed(),
                            recipe.labels(), recipe.describe(piece.source.width, piece.source.height));
                    if (track != null) {
                        CopySound heard = copySounds.get(copies.size());
                        copy = copy.withAudio(heard.audio(), heard.steps());
                    }
                    copies.add(copy);
                    if (!programmes.isEmpty()) {
                        copies.addAll(Programme.repeats(programmes, copy, fps));
                    }
                }
                written += piece.frames;
            }
            recorder.stop();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            copies.sort(Comparator.comparingDouble(GroundTruth.Copy::queryStart));
            return new GroundTruth.Query(plan.id, "queries/" + name, written / fps, plan.negative, copies,
                    plan.sound == null || plan.sound.music() == null ? List.of() : List.of(music(plan.sound)));
        } finally {
            recorder.release();
            for (Backdrop backdrop : backdrops) {
                backdrop.close();
            }
            Files.deleteIfExists(partial);
        }
    }

    /** What became of one copy's sound, as its ground truth says it ({@link GroundTruth.Copy#audio}). */
    private record CopySound(String audio, List<String> steps) {
    }

    private static int samples(double seconds) {
        return (int) Math.round(seconds * SoundRecipe.RATE);
    }

    /** {@code count} samples of {@code sound} from {@code start} seconds on; silence past its end or without it. */
    private static float[] slice(float[] sound, double start, int count) {
        float[] out = new float[count];
        if (sound != null) {
            int from = samples(start);
            System.arraycopy(sound, Math.min(from, sound.length), out, 0,
                    Math.max(0, Math.min(count, sound.length - from)));
        }
        return out;
    }

    /**
     * The query's sound track: fillers (and near-duplicate footage) keep their own sound; each copy carries what its
     * recipe's fate says, laid at the copy's query time and cut or padded to its length; a music-only negative gets
     * its reference's sound; then the whole track's steps. Adds, per copy in query order, what became of its sound.
     */
    private static float[] soundTrack(QueryPlan plan, List<CopySound> copies) throws IOException {
        double fps = plan.recipe.fps();
        SoundRecipe recipe = plan.sound.recipe();
        float[] track = new float[samples(plan.pieces.stream().mapToInt(Piece::frames).sum() / fps)];
        int written = 0;
        for (Piece piece : plan.pieces) {
            int at = samples(written / fps);
            int count = samples((written + piece.frames) / fps) - at;
            float[] heard;
            if (!piece.copy) {
                heard = slice(piece.source.sound, piece.start, count);
            } else {
                List<String> steps = new ArrayList<>();
                heard = copySound(piece, plan, written / fps, count, steps);
                steps.addAll(recipe.trackSteps());
                copies.add(new CopySound(piece.source.sound == null ? SoundRecipe.NONE : recipe.fate().label(), steps));
            }
            System.arraycopy(heard, 0, track, at, Math.min(count, track.length - at));
            written += piece.frames;
        }
        Music music = plan.sound.music();
        if (music != null) {
            float[] heard = slice(music.reference.sound, music.referenceStart, samples(music.seconds));
            double gain = Double.isNaN(music.levelDb) ? 1 : Math.pow(10, music.levelDb / 20);
            int at = samples(music.queryStart);
            for (int i = 0; i < heard.length && at + i < track.length; i++) {
                track[at + i] = (float) ((Double.isNaN(music.levelDb) ? 0 : track[at + i]) + gain * heard[i]);
            }
        }
        recipe.applyToTrack(track);
        return track;
    }

    /**
     * A copy's own sound, {@code count} samples, by its recipe's fate (adding the steps it took): the reference's
     * sound at the copied times ({@code atempo} for a speed change, reversed for a reversed copy), silence, or the
     * plan's replacement playing on from where the copy starts in the query ({@code at} seconds), looping.
     */
    private static float[] copySound(Piece piece, QueryPlan plan, double at, int count, List<String> steps)
            throws IOException {
        SoundPlan sound = plan.sound;
        switch (sound.recipe().fate()) {
            case KEPT -> {
                double speed = plan.recipe.speed();
                float[] heard = slice(piece.source.sound, piece.start,
                        samples(piece.frames * speed / plan.recipe.fps()));
                if (speed != 1) {
                    // Time stretched, pitch kept: what editors and players do for a speed change.
                    heard = AudioFilters.apply(heard, SoundRecipe.RATE, "atempo=" + speed);
                    steps.add("atempo=" + speed);
                }
                if (plan.recipe.reversed()) {
                    for (int i = 0, j = heard.length - 1; i < j; i++, j--) {
                        float t = heard[i];
                        heard[i] = heard[j];
                        heard[j] = t;
                    }
                    steps.add("areverse");
                }
                return Arrays.copyOf(heard, count);
            }
            case MUTED -> {
                steps.add("muted");
                return new float[count];
            }
            default -> {
                if (sound.replacement() == null) {
                    steps.add("replaced=other_music");
                    return Arrays.copyOf(SyntheticSound.music(sound.recipe().seed() + 1,
                            count / (double) SoundRecipe.RATE, SoundRecipe.RATE), count);
                }
                // The filler's sound plays on from one copy to the next, from its start again after its end.
                float[] replacement = sound.replacement().sound;
                double seconds = replacement.length / (double) SoundRecipe.RATE;
                double from = Math.floor((sound.replacementStart() + at) % seconds * 1000) / 1000;
                steps.add("replaced=" + sound.replacement().id() + ":from=" + from + ":looped");
                float[] heard = new float[count];
                for (int i = 0, j = samples(from); i < count; i++, j++) {
                    heard[i] = replacement[j % replacement.length];
                }
                return heard;
            }
        }
    }

    /** The ground truth of a music-only negative's stretch of reference sound. */
    private static GroundTruth.Copy music(SoundPlan sound) {
        Music music = sound.music();
        List<String> steps = new ArrayList<>();
        steps.add(Double.isNaN(music.levelDb) ? "mix=alone" : "mix=under:level=" + music.levelDb + "dB");
        steps.addAll(sound.recipe().trackSteps());
        // Whole milliseconds, as drawn.
        return new GroundTruth.Copy(music.reference.id(), music.queryStart,
                Math.round((music.queryStart + music.seconds) * 1000) / 1000.0, music.referenceStart,
                Math.round((music.referenceStart + music.seconds) * 1000) / 1000.0, 1, false, List.of("music_only"),
                List.of(), SoundRecipe.Fate.KEPT.label(), steps);
    }

    /**
     * Sends the copied reference frames, in playback order, through the recipe's filters, then onto the canvas, or
     * into the recipe's copy region with filler footage around it (picture-in-picture, stacking).
     */
    private static void writeCopy(Piece piece, Transformation.Recipe recipe, Canvas canvas, List<Backdrop> backdrops)
            throws IOException {
        double fps = recipe.fps();
        int[] shown = new int[piece.frames];
        for (int k = 0; k < piece.frames; k++) {
            shown[k] = piece.source.frameAt(piece.start + k * recipe.speed() / fps);
        }
        Box box = Box.of(recipe.copyRegion(), canvas.width, canvas.height);
        int insetWidth = box.width;
        int insetHeight = box.height;
        List<String> chain = new ArrayList<>(recipe.filters(piece.source.width, piece.source.height));
        chain.add("scale=" + insetWidth + ":" + insetHeight);
        chain.add("format=bgr24");
        FFmpegFrameFilter filter = new FFmpegFrameFilter(String.join(",", chain), piece.source.width,
                piece.source.height);
        filter.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        filter.setFrameRate(fps);
        byte[] inset = new byte[insetWidth * insetHeight * 3];
        // The backdrops' regions cover the canvas, so each frame overwrites all of it.
        byte[] composed = backdrops.isEmpty() ? null : new byte[canvas.width * canvas.height * 3];
        filter.start();
        try (FrameReader reader = new FrameReader(piece.source, 0, 0)) {
            List<Frame> frames = null;
            if (recipe.reversed()) {
                // Buffer the span forwards, then play it backwards: query frame k shows shown[n-1-k].
                frames = new ArrayList<>();
                for (int k = 0; k < piece.frames; k++) {
                    frames.add(reader.raw(shown[k]).clone());
                }
            }
            for (int k = 0; k < piece.frames; k++) {
                Frame source = frames != null ? frames.get(piece.frames - 1 - k) : reader.raw(shown[k]);
                filter.push(source, avutil.AV_PIX_FMT_BGR24);
                Frame filtered = filter.pull();
                if (filtered == null) {
                    throw new IllegalStateException("filter " + chain + " held back a frame");
                }
                copyPacked(filtered, inset, insetWidth, insetHeight);
                if (composed == null) {
                    canvas.record(inset);
                } else {
                    for (Backdrop backdrop : backdrops) {
                        backdrop.paint(composed, canvas.width, canvas.height, fps);
                    }
                    Overlays.paste(composed, canvas.width, canvas.height, inset, insetWidth, insetHeight, box.x, box.y);
                    canvas.record(composed);
                }
            }
        } finally {
            filter.release();
        }
    }

    /** A region of a width x height canvas in whole pixels; its edges on even pixels, so adjoining regions meet. */
    private record Box(int x, int y, int width, int height) {

        static Box of(Transformation.Region region, int width, int height) {
            int x = edge(region.x(), width);
            int y = edge(region.y(), height);
            return new Box(x, y, Math.max(2, edge(region.x() + region.width(), width) - x),
                    Math.max(2, edge(region.y() + region.height(), height) - y));
        }

        private static int edge(double share, int side) {
            return Math.min(side, (int) Math.round(share * side / 2) * 2);
        }
    }

    /** A filler playing in its region of the canvas while copies play, continuing from one copy to the next. */
    private static final class Backdrop implements AutoCloseable {
        private final FrameReader reader;
        private final Box box;
        private double time;

        Backdrop(Fill fill, Box box) throws IOException {
            this.reader = new FrameReader(fill.source, box.width, box.height);
            this.box = box;
            this.time = fill.start;
        }

        /** Paints the next frame into its region of {@code canvas}. */
        void paint(byte[] canvas, int width, int height, double fps) throws IOException {
            Overlays.paste(canvas, width, height, reader.frame(reader.source.frameAt(time)).bgr(), box.width,
                    box.height, box.x, box.y);
            time += 1 / fps;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    static int even(double pixels) {
        return Math.max(16, (int) Math.round(pixels / 2) * 2);
    }

    /** Copies a frame's packed BGR rows (it may have padded rows) into {@code target}. */
    static void copyPacked(Frame frame, byte[] target, int width, int height) {
        if (frame.imageWidth != width || frame.imageHeight != height) {
            throw new IllegalStateException("filter gave " + frame.imageWidth + "x" + frame.imageHeight + ", expected "
                    + width + "x" + height);
        }
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        for (int y = 0; y < height; y++) {
            pixels.get(y * frame.imageStride, target, y * width * 3, width * 3);
        }
    }

    /** The query being written: overlays, then the encoder. */
    private static final class Canvas {
        final FFmpegFrameRecorder recorder;
        final int width;
        final int height;
        final Transformation.Recipe recipe;
        final Frame frame;
        final byte[] bgr;
        /** The query's sound, written along with the frames as a camera interleaves them; null: silent. */
        private final float[] track;
        private int frames;
        private int heard;

        Canvas(FFmpegFrameRecorder recorder, int width, int height, Transformation.Recipe recipe, float[] track) {
            this.recorder = recorder;
            this.width = width;
            this.height = height;
            this.recipe = recipe;
            this.track = track;
            this.frame = SyntheticVideo.newFrame(width, height);
            this.bgr = new byte[width * height * 3];
        }

        void record(Plane plane) throws IOException {
            System.arraycopy(plane.bgr, 0, bgr, 0, bgr.length);
            overlayAndRecord();
        }

        void record(byte[] picture) throws IOException {
            System.arraycopy(picture, 0, bgr, 0, bgr.length);
            overlayAndRecord();
        }

        private void overlayAndRecord() throws IOException {
            if (recipe.text() != 0) {
                Overlays.caption(bgr, width, height, recipe.text());
            }
            if (recipe.logo() != 0) {
                Overlays.logo(bgr, width, height, recipe.logo());
            }
            SyntheticVideo.fill(frame, bgr);
            recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            if (track != null) {
                int until = Math.min(track.length, samples(++frames / recipe.fps()));
                if (until > heard) {
                    recorder.recordSamples(SoundRecipe.RATE, 1,
                            FloatBuffer.wrap(Arrays.copyOfRange(track, heard, until)));
                    heard = until;
                }
            }
        }
    }

    /** A decoded frame's packed pixels. */
    record Plane(byte[] bgr) {
    }

    /**
     * Reads an intermediate's frames by index, forwards; seeks (on its own, evenly keyframed file, so safely) when
     * asked for a frame far ahead or behind. {@code width} x {@code height}: the size FFmpeg's scaler delivers;
     * 0 x 0 for the intermediate's own.
     */
    static final class FrameReader implements AutoCloseable {
        final Source source;
        private final FFmpegFrameGrabber grabber;
        private final int width;
        private final int height;
        private Frame current;
        private int index = -1;
        private Plane plane;

        FrameReader(Source source, int width, int height) throws IOException {
            this.source = source;
            this.width = width > 0 ? width : source.width;
            this.height = height > 0 ? height : source.height;
            grabber = new FFmpegFrameGrabber(source.intermediate.toFile());
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.setImageWidth(this.width);
            grabber.setImageHeight(this.height);
            grabber.start();
        }

        /** The frame with index {@code wanted}, as packed pixels; valid until the next call. */
        Plane frame(int wanted) throws IOException {
            seekTo(wanted);
            if (plane == null) {
                byte[] bgr = new byte[width * height * 3];
                copyPacked(current, bgr, width, height);
                plane = new Plane(bgr);
            }
            return plane;
        }

        /** Moves to frame {@code wanted}; the grabber's frame is valid until the next call. */
        private void seekTo(int wanted) throws IOException {
            if (wanted == index) {
                return;
            }
            if (wanted < index || wanted > index + 2 * INTERMEDIATE_FPS) {
                grabber.setTimestamp(Math.round(Math.max(0, wanted - INTERMEDIATE_FPS) * 1e6 / INTERMEDIATE_FPS));
                index = -1;
            }
            while (index < wanted) {
                Frame next = grabber.grabImage();
                if (next == null) {
                    throw new IllegalStateException("frame " + wanted + " is past the end of " + source.relative);
                }
                int at = (int) Math.round(next.timestamp * INTERMEDIATE_FPS / 1e6);
                if (at > wanted) {
                    // The seek overshot: start again from the beginning.
                    grabber.setTimestamp(0);
                    index = -1;
                    continue;
                }
                current = next;
                index = at;
                plane = null;
            }
        }

        /** The decoder's frame with index {@code wanted}; valid until the next call. */
        Frame raw(int wanted) throws IOException {
            seekTo(wanted);
            return current;
        }

        @Override
        public void close() throws IOException {
            grabber.release();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
