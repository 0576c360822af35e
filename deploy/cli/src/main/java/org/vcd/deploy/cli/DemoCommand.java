package org.vcd.deploy.cli;

import org.vcd.deploy.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vcd.deploy.CheckResult;
import org.vcd.deploy.CopyDetector;
import org.vcd.deploy.PipelineModels;
import org.vcd.deploy.Match;
import org.vcd.deploy.MatchedSegment;
import org.vcd.domain.Segment;
import org.vcd.ingest.IngestException;
import org.vcd.testdata.CopiedSegment;
import org.vcd.testdata.CopyFixture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", description = {
        "Generates (or reuses) a few small videos, indexes the reference into a temporary store, checks a",
        "transformed, spliced copy and an unrelated video, and prints what it found next to the truth.",
        "Exit code 0 when the copy is located within the tolerance and the unrelated video matches nothing."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Largest error, in seconds on each axis, for the demo to count the copy as located. */
    static final double TOLERANCE_SECONDS = 1.5;
    private static final String REFERENCE_ID = "reference";

    @Option(names = "--work", description = "Folder for the generated videos (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:java.io.tmpdir}/vcd-demo")
    Path work;

    @Option(names = "--seed", description = "Seed of the generated videos (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Override
    public Integer call() throws IOException {
        Vcd.out(spec).println("Generating demo videos in " + work.resolve("videos") + " (reused when present)...");
        CopyFixture fixture = CopyFixture.create(work.resolve("videos"), seed);
        CopiedSegment truth = fixture.groundTruth().get(0);
        try (PipelineModels models = new PipelineModels()) {
            CopyDetector detector = CopyDetector.withDefaults(models);
            Path store = Files.createTempDirectory(work, "store-");
            try {
                try (var opened = detector.openStoreForWriting(store)) {
                    detector.index(opened, fixture.reference(), REFERENCE_ID);
                    Vcd.out(spec).println("Indexed " + fixture.reference() + " as '" + REFERENCE_ID + "'.");
                }
                try (var opened = detector.openStoreForReading(store)) {
                    CheckResult copy = detector.check(opened, fixture.copy(), fixture.copy().toString());
                    CheckResult unrelated = detector.check(opened, fixture.unrelated(), fixture.unrelated().toString());
                    Vcd.out(spec).println();
                    Vcd.out(spec).printf("Copy: %s%n  truth: query %.1f-%.1f s copies reference %.1f-%.1f s (%s)%n",
                            fixture.copy().getFileName(), truth.queryStart(), truth.queryEnd(), truth.referenceStart(),
                            truth.referenceEnd(), String.join(", ", truth.transformations()));
                    describe(copy);
                    Vcd.out(spec).printf("Unrelated: %s%n  truth: no copy%n", fixture.unrelated().getFileName());
                    describe(unrelated);
                    Vcd.out(spec).println();
                    Vcd.out(spec).println(Json.line(copy));
                    Vcd.out(spec).println(Json.line(unrelated));
                    boolean located = locates(copy, truth);
                    boolean clean = unrelated.matches().isEmpty();
                    Vcd.out(spec).println();
                    Vcd.out(spec).println(located && clean
                            ? "Demo passed: the copy was located within " + TOLERANCE_SECONDS
                                    + " s on both axes and the unrelated video matched nothing."
                            : "Demo FAILED: " + (located ? "" : "the copy was not located. ")
                                    + (clean ? "" : "the unrelated video matched."));
                    return located && clean ? 0 : 1;
                }
            } catch (IngestException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_BAD_INPUT;
            } finally {
                deleteRecursively(store);
            }
        }
    }

    private void describe(CheckResult result) {
        if (result.matches().isEmpty()) {
            Vcd.out(spec).println("  found: no copy");
        }
        for (Match match : result.matches()) {
            for (Segment s : match.segments().stream().map(MatchedSegment::segment).toList()) {
                Vcd.out(spec).printf("  found: query %.1f-%.1f s copies %s %.1f-%.1f s, score %.2f%n",
                        s.queryStart(), s.queryEnd(), match.reference(), s.referenceStart(), s.referenceEnd(),
                        s.score());
            }
        }
    }

    /** True when the best match is the reference and one of its segments is within tolerance on every end. */
    static boolean locates(CheckResult result, CopiedSegment truth) {
        List<Match> matches = result.matches();
        return !matches.isEmpty() && matches.get(0).reference().equals(REFERENCE_ID)
                && matches.get(0).segments().stream().map(MatchedSegment::segment).anyMatch(s ->
                Math.abs(s.queryStart() - truth.queryStart()) <= TOLERANCE_SECONDS
                        && Math.abs(s.queryEnd() - truth.queryEnd()) <= TOLERANCE_SECONDS
                        && Math.abs(s.referenceStart() - truth.referenceStart()) <= TOLERANCE_SECONDS
                        && Math.abs(s.referenceEnd() - truth.referenceEnd()) <= TOLERANCE_SECONDS);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
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
