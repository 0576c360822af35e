package org.vcd.deploy.cli.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.vcd.deploy.HeatMap;
import org.vcd.deploy.Match;
import org.vcd.deploy.MatchedSegment;
import org.vcd.deploy.Thumbnails;
import org.vcd.domain.Segment;
import org.vcd.ingest.QueryRegion;

/**
 * Draws each match's evidence into the output folder while its similarity matrix is still in memory (the journal
 * does not keep matrices): the heat map with the segments boxed, and query and reference frames at a few
 * times inside the best segments, the query's with the region the copy was found in outlined (when a region view
 * found it). A picture that cannot be drawn becomes a note; it never fails the input.
 */
final class EvidenceWriter {

    static final String FOLDER = "evidence";
    /** Thumbnails are drawn for this many of a match's segments, best first. */
    static final int SEGMENTS_SHOWN = 3;
    /** Where along a segment (as a fraction of it, on both axes) the frames are taken: near the start, middle, end. */
    static final double[] POSITIONS = {0.1, 0.5, 0.9};
    static final int THUMBNAIL_WIDTH = 160;
    static final int HEAT_MAP_CELL_PIXELS = 4;
    static final int HEAT_MAP_MAX_SIDE = 480;

    private final Path out;
    private final Function<String, Optional<String>> referenceSource;

    /**
     * @param out             the audit's output folder
     * @param referenceSource a reference id's source file as the store recorded it
     */
    EvidenceWriter(Path out, Function<String, Optional<String>> referenceSource) {
        this.out = out;
        this.referenceSource = referenceSource;
    }

    List<MatchEvidence> draw(String query, Path queryFile, List<Match> matches) throws IOException {
        if (matches.isEmpty()) {
            return List.of();
        }
        String folder = FOLDER + "/" + folderName(query);
        Files.createDirectories(out.resolve(folder));
        List<double[]> queryTimes = new ArrayList<>();
        List<double[]> referenceTimes = new ArrayList<>();
        List<QueryRegion> outlines = new ArrayList<>();
        for (Match match : matches) {
            List<MatchedSegment> shown = match.segments().stream()
                    .sorted(Comparator.comparingDouble((MatchedSegment s) -> s.segment().score()).reversed())
                    .limit(SEGMENTS_SHOWN).toList();
            double[] q = new double[shown.size() * POSITIONS.length];
            double[] r = new double[q.length];
            for (int s = 0; s < shown.size(); s++) {
                for (int p = 0; p < POSITIONS.length; p++) {
                    Segment segment = shown.get(s).segment();
                    q[s * POSITIONS.length + p] = segment.queryStart() + POSITIONS[p] * segment.queryDuration();
                    r[s * POSITIONS.length + p] = segment.referenceStart()
                            + POSITIONS[p] * segment.referenceDuration();
                    outlines.add(shown.get(s).queryRegion());
                }
            }
            queryTimes.add(q);
            referenceTimes.add(r);
        }
        // All of the query's frames in one decoding pass.
        double[] allQueryTimes = queryTimes.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        List<String> queryFiles = new ArrayList<>();
        String queryNote = null;
        try {
            List<byte[]> jpegs = Thumbnails.jpegs(queryFile, allQueryTimes, THUMBNAIL_WIDTH,
                    outlines.toArray(QueryRegion[]::new));
            for (int i = 0; i < jpegs.size(); i++) {
                queryFiles.add(save(folder + "/query-" + i + ".jpg", jpegs.get(i)));
            }
        } catch (IOException | RuntimeException e) {
            queryNote = "query frames could not be drawn: " + e.getMessage();
        }
        List<MatchEvidence> evidence = new ArrayList<>();
        int offset = 0;
        for (int m = 0; m < matches.size(); m++) {
            Match match = matches.get(m);
            String heatMap = save(folder + "/match-" + m + "-heatmap.png", HeatMap.png(match.matrix(),
                    match.segments().stream().map(MatchedSegment::segment).toList(), HEAT_MAP_CELL_PIXELS,
                    HEAT_MAP_MAX_SIDE));
            String source = referenceSource.apply(match.reference()).orElse(null);
            double[] q = queryTimes.get(m);
            double[] r = referenceTimes.get(m);
            List<String> referenceFiles = new ArrayList<>();
            String note = queryNote;
            if (source == null) {
                note = join(note, "the store records no source file for this reference");
            } else if (!Files.isRegularFile(Path.of(source))) {
                note = join(note, "the reference file is no longer at " + source);
            } else {
                try {
                    List<byte[]> jpegs = Thumbnails.jpegs(Path.of(source), r, THUMBNAIL_WIDTH);
                    for (int i = 0; i < jpegs.size(); i++) {
                        referenceFiles.add(save(folder + "/match-" + m + "-reference-" + i + ".jpg", jpegs.get(i)));
                    }
                } catch (IOException | RuntimeException e) {
                    note = join(note, "reference frames could not be drawn: " + e.getMessage());
                }
            }
            List<MatchEvidence.ThumbnailPair> pairs = new ArrayList<>();
            for (int i = 0; i < q.length; i++) {
                pairs.add(new MatchEvidence.ThumbnailPair(q[i], r[i],
                        queryFiles.isEmpty() ? null : queryFiles.get(offset + i),
                        referenceFiles.isEmpty() ? null : referenceFiles.get(i)));
            }
            offset += q.length;
            evidence.add(new MatchEvidence(match.reference(), heatMap, source, note, pairs));
        }
        return evidence;
    }

    private String save(String name, byte[] bytes) throws IOException {
        Files.write(out.resolve(name), bytes);
        return name;
    }

    private static String join(String first, String second) {
        return first == null ? second : first + "; " + second;
    }

    /** A short, file-system-safe name per input: names may be long, hostile or URLs. */
    static String folderName(String query) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
