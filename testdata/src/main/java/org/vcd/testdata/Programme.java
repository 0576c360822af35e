package org.vcd.testdata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * A long-form reference (the long size): sources joined end to end, as a broadcast or a compilation joins them,
 * opening on a title card, with slides or title cards between some sources and a freeze frame inside some; or a
 * near-static reference of cards alone ({@link #deck}). It is
 * written at {@link #WIDTH} x {@link #HEIGHT} (each source scaled to fit, centred on black) and
 * {@link BenchmarkGenerator#INTERMEDIATE_FPS} fps, frame p at pts p, so the file itself serves the queries as an
 * intermediate does, and its time grid is the sources' grid: programme frame p of a footage part shows the source
 * frame shown at {@code (sourceFrame + p - start) / fps}.
 *
 * @param parts back to back, from programme frame 0
 * @param video the programme file as a source to copy from
 */
record Programme(String id, List<Part> parts, BenchmarkGenerator.Source video) {

    /** 16:9, the shape of most broadcasts; other sources are letterboxed or pillarboxed. */
    static final int WIDTH = 320;
    static final int HEIGHT = 180;
    private static final double FPS = BenchmarkGenerator.INTERMEDIATE_FPS;
    /** Chance of a slide or title card between two sources, and of a freeze frame inside a source. */
    private static final double CARD_CHANCE = 0.5;
    private static final double FREEZE_CHANCE = 0.5;
    /** Shortest piece of footage (when the source is that long): the last of a programme, either side of a freeze. */
    private static final double MIN_PIECE_SECONDS = 1;
    /** A deck's length and its cards' lengths; it has no footage, so no freezes and no fillers kept back. */
    private static final Layout DECK = new Layout(20, 60, 5, 15, 0, 0, 0);

    Programme {
        parts = List.copyOf(parts);
    }

    /**
     * How programmes are laid out, in seconds.
     *
     * @param fillerShare share of the usable sources kept back as fillers (at least one): fillers never show in a
     *                    programme, so no query filler is indexed footage
     */
    record Layout(double minSeconds, double maxSeconds, double minCardSeconds, double maxCardSeconds,
            double minFreezeSeconds, double maxFreezeSeconds, double fillerShare) {
    }

    enum Kind {
        FOOTAGE, FREEZE, TITLE_CARD, SLIDE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Programme frames {@code start} to {@code start + frames - 1}. Footage shows the source's grid frames from
     * {@code sourceFrame} on; a freeze holds grid frame {@code sourceFrame}; cards are drawn from {@code seed}.
     */
    record Part(Kind kind, int start, int frames, BenchmarkGenerator.Source source, int sourceFrame, long seed) {

        int end() {
            return start + frames;
        }

        /** The source frame (an index into the source's intermediate) programme frame {@code p} shows. */
        int sourceFrameAt(int p) {
            return source.frameAt((kind == Kind.FOOTAGE ? sourceFrame + p - start : sourceFrame) / FPS);
        }

        GroundTruth.Part truth() {
            return new GroundTruth.Part(kind.label(), start / FPS, end() / FPS, source == null ? null : source.relative(),
                    source == null ? null : sourceFrame / FPS);
        }
    }

    /**
     * Lays out {@code count} programmes of random length from {@code sources}, to be written into {@code folder}.
     * Sources are dealt from a seeded deck, whole (the last of a programme cut to end it on time): every source is
     * dealt once before any is dealt again, and a programme takes a source it already shows only when the rest of the
     * deck is all in it. So sources repeat only when the programmes need more footage than the sources hold; the
     * ground truth then lists every place a copied frame shows ({@link #repeats}).
     */
    static List<Programme> plan(List<BenchmarkGenerator.Source> sources, Layout layout, int count, Path folder,
            SplittableRandom random, Consumer<String> log) {
        List<BenchmarkGenerator.Source> deck = new ArrayList<>();
        List<Programme> programmes = new ArrayList<>();
        int footage = 0;
        for (int i = 0; i < count; i++) {
            String id = String.format(Locale.ROOT, "programme%02d", i + 1);
            // The last piece may run up to MIN_PIECE_SECONDS past the target.
            int target = frames(random.nextDouble(layout.minSeconds(), layout.maxSeconds() - MIN_PIECE_SECONDS));
            List<Part> parts = new ArrayList<>(List.of(card(Kind.TITLE_CARD, 0, layout, random)));
            Set<BenchmarkGenerator.Source> shown = new HashSet<>();
            while (end(parts) < target) {
                int at = end(parts);
                if (parts.size() > 1 && random.nextDouble() < CARD_CHANCE) {
                    Part card = card(random.nextBoolean() ? Kind.SLIDE : Kind.TITLE_CARD, at, layout, random);
                    if (card.end() < target) {
                        parts.add(card);
                        at = card.end();
                    }
                }
                if (deck.isEmpty()) {
                    deck.addAll(sources);
                    BenchmarkGenerator.shuffle(deck, random);
                }
                BenchmarkGenerator.Source source = deck.stream().filter(s -> !shown.contains(s)).findFirst()
                        .orElse(deck.get(0));
                deck.remove(source);
                shown.add(source);
                int available = (int) Math.floor(source.duration() * FPS);
                int freeze = random.nextDouble() < FREEZE_CHANCE
                        ? frames(random.nextDouble(layout.minFreezeSeconds(), layout.maxFreezeSeconds())) : 0;
                int piece = frames(MIN_PIECE_SECONDS);
                int length = Math.min(available, target - at - freeze);
                if (freeze > 0 && length >= 2 * piece) {
                    int cut = random.nextInt(piece, length - piece + 1);
                    parts.add(new Part(Kind.FOOTAGE, at, cut, source, 0, 0));
                    parts.add(new Part(Kind.FREEZE, at + cut, freeze, source, cut - 1, 0));
                    parts.add(new Part(Kind.FOOTAGE, at + cut + freeze, length - cut, source, cut, 0));
                    footage += length;
                } else {
                    length = Math.min(available, Math.max(piece, target - at));
                    parts.add(new Part(Kind.FOOTAGE, at, length, source, 0, 0));
                    footage += length;
                }
            }
            programmes.add(of(id, parts, folder));
        }
        double held = sources.stream().mapToDouble(s -> Math.floor(s.duration() * FPS)).sum();
        if (footage > held) {
            log.accept(String.format(Locale.ROOT, "programmes show %.0f s of footage from %d sources holding %.0f s: "
                    + "sources repeat, and copies of repeated footage name every programme showing it",
                    footage / FPS, sources.size(), held / FPS));
        }
        return programmes;
    }

    /**
     * A near-static reference (the standard and training sizes), as a lecture or a slide show is: a title card, then
     * slides, now and then another title card, of 5 to 15 s each, until a length drawn from 20 to 60 s is reached (the
     * last card may run over). Nothing moves but a slide revealing its bullets.
     */
    static Programme deck(String id, Path folder, SplittableRandom random) {
        int target = frames(random.nextDouble(DECK.minSeconds(), DECK.maxSeconds()));
        List<Part> parts = new ArrayList<>(List.of(card(Kind.TITLE_CARD, 0, DECK, random)));
        while (end(parts) < target) {
            parts.add(card(random.nextInt(4) == 0 ? Kind.TITLE_CARD : Kind.SLIDE, end(parts), DECK, random));
        }
        return of(id, parts, folder);
    }

    /** The programme of {@code parts}, to be written as {@code id}.mp4 into {@code folder}. */
    private static Programme of(String id, List<Part> parts, Path folder) {
        int frames = end(parts);
        // A nanosecond early: a copy's time computed as exactly a frame's time, give or take rounding, shows it.
        double[] times = IntStream.range(0, frames).mapToDouble(p -> p / FPS - 1e-9).toArray();
        Path file = folder.resolve(id + ".mp4");
        return new Programme(id, parts, new BenchmarkGenerator.Source("references/" + id + ".mp4", file, file, WIDTH,
                HEIGHT, times, frames / FPS, null));
    }

    private static Part card(Kind kind, int start, Layout layout, SplittableRandom random) {
        return new Part(kind, start, frames(random.nextDouble(layout.minCardSeconds(), layout.maxCardSeconds())), null,
                0, random.nextLong());
    }

    private static int end(List<Part> parts) {
        return parts.get(parts.size() - 1).end();
    }

    private static int frames(double seconds) {
        return Math.max(1, (int) Math.round(seconds * FPS));
    }

    /** Writes the programme to its file. */
    void render() throws IOException {
        FFmpegFrameRecorder recorder = SyntheticVideo.startRecorder(video.original(), WIDTH, HEIGHT, FPS,
                SyntheticVideo.ORIGINAL_QSCALE);
        byte[] bgr = new byte[WIDTH * HEIGHT * 3];
        Frame frame = SyntheticVideo.newFrame(WIDTH, HEIGHT);
        try {
            for (Part part : parts) {
                if (part.source() == null) {
                    for (int k = 0; k < part.frames(); k++) {
                        if (part.kind() == Kind.SLIDE) {
                            Cards.slide(bgr, WIDTH, HEIGHT, part.seed(), k / FPS, part.frames() / FPS);
                        } else {
                            Cards.titleCard(bgr, WIDTH, HEIGHT, part.seed());
                        }
                        SyntheticVideo.fill(frame, bgr);
                        recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
                    }
                    continue;
                }
                double scale = Math.min((double) WIDTH / part.source().width(), (double) HEIGHT / part.source().height());
                int w = Math.min(WIDTH, BenchmarkGenerator.even(part.source().width() * scale));
                int h = Math.min(HEIGHT, BenchmarkGenerator.even(part.source().height() * scale));
                Arrays.fill(bgr, (byte) 0);
                try (BenchmarkGenerator.FrameReader reader = new BenchmarkGenerator.FrameReader(part.source(), w, h)) {
                    for (int p = part.start(); p < part.end(); p++) {
                        Overlays.paste(bgr, WIDTH, HEIGHT, reader.frame(part.sourceFrameAt(p)).bgr(), w, h,
                                (WIDTH - w) / 2, (HEIGHT - h) / 2);
                        SyntheticVideo.fill(frame, bgr);
                        recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
                    }
                }
            }
            recorder.stop();
        } finally {
            recorder.release();
        }
    }

    GroundTruth.Reference reference() {
        return new GroundTruth.Reference(id, video.relative(), null, video.duration(),
                parts.stream().map(Part::truth).toList());
    }

    /**
     * Where else the footage of {@code copy} (a copy of one of {@code programmes}, written at {@code fps}) shows: for
     * each footage part it copies frames of, every other footage part of the same source covering those source frames
     * (in any programme, the same one included) gets a copy on the query frames that show them, with the copy's speed,
     * direction, kinds and transformations. Empty unless sources repeat. A freeze frame is not followed elsewhere: a
     * held frame matches a single frame of footage, a point rather than a segment.
     */
    static List<GroundTruth.Copy> repeats(List<Programme> programmes, GroundTruth.Copy copy, double fps) {
        Programme copied = programmes.stream().filter(p -> p.id.equals(copy.reference())).findFirst().orElseThrow();
        int first = (int) Math.round(copy.queryStart() * fps);
        int n = (int) Math.round((copy.queryEnd() - copy.queryStart()) * fps);
        // As the generator chose them: the k-th frame of the forward copy shows programme frame shown[k].
        int[] shown = new int[n];
        for (int k = 0; k < n; k++) {
            shown[k] = copied.video.frameAt(copy.referenceStart() + k * copy.speed() / fps);
        }
        List<GroundTruth.Copy> repeats = new ArrayList<>();
        for (Part part : copied.parts) {
            if (part.kind != Kind.FOOTAGE) {
                continue;
            }
            for (Programme other : programmes) {
                for (Part same : other.parts) {
                    if (same == part || same.kind != Kind.FOOTAGE || same.source != part.source) {
                        continue;
                    }
                    // Grid frames both parts show, then the programme frames of `part` that show them.
                    int from = Math.max(part.sourceFrame, same.sourceFrame);
                    int to = Math.min(part.sourceFrame + part.frames, same.sourceFrame + same.frames);
                    int low = part.start + from - part.sourceFrame;
                    int high = part.start + to - part.sourceFrame;
                    int k0 = 0;
                    while (k0 < n && shown[k0] < low) {
                        k0++;
                    }
                    int k1 = k0;
                    while (k1 < n && shown[k1] < high) {
                        k1++;
                    }
                    if (k1 == k0) {
                        continue;
                    }
                    double shift = ((same.start - same.sourceFrame) - (part.start - part.sourceFrame)) / FPS;
                    double referenceStart = copy.referenceStart() + k0 * copy.speed() / fps + shift;
                    int queryFrame = first + (copy.reversed() ? n - k1 : k0);
                    repeats.add(new GroundTruth.Copy(other.id, queryFrame / fps, (queryFrame + k1 - k0) / fps,
                            referenceStart, referenceStart + (k1 - k0) * copy.speed() / fps, copy.speed(),
                            copy.reversed(), copy.kinds(), copy.transformations()));
                }
            }
        }
        return repeats;
    }
}
