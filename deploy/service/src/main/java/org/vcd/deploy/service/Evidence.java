package org.vcd.deploy.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.vcd.deploy.CheckResult;
import org.vcd.deploy.HeatMap;
import org.vcd.deploy.Match;
import org.vcd.deploy.MatchedSegment;
import org.vcd.deploy.Thumbnails;
import org.vcd.domain.Segment;
import org.vcd.ingest.QueryRegion;

/**
 * The pictures behind a check: a heat map per match, drawn when the check finishes (the similarity matrix lives
 * only then), and query/reference frames side by side at matched times within each segment, decoded on first
 * request and kept in the check's folder; the query's with the region the copy was found in outlined, when a region
 * view found it.
 */
@ApplicationScoped
public class Evidence {

    /** Frame pairs shown per segment: near its start, middle and end. */
    public static final int FRAMES_PER_SEGMENT = 3;
    static final int THUMBNAIL_WIDTH = 240;
    private static final int HEAT_MAP_CELL = 8;
    private static final int HEAT_MAP_MAX_SIDE = 1200;

    /** The two videos a frame pair compares. */
    public enum Side { QUERY, REFERENCE }

    /** One matched pair of times: the query at {@code query} seconds copies the reference at {@code reference}. */
    public record FrameTimes(double query, double reference) {
    }

    private final DataFolder data;

    Evidence(DataFolder data) {
        this.data = data;
    }

    public void record(String checkId, CheckResult result) {
        for (int m = 0; m < result.matches().size(); m++) {
            Match match = result.matches().get(m);
            byte[] png = HeatMap.png(match.matrix(), match.segments().stream().map(MatchedSegment::segment).toList(),
                    HEAT_MAP_CELL, HEAT_MAP_MAX_SIDE);
            write(heatMap(checkId, m), png);
        }
    }

    public Path heatMap(String checkId, int match) {
        return data.checkFolder(checkId).resolve("heat-map-" + match + ".png");
    }

    /**
     * Times spread evenly inside the segment (at 1/6, 3/6, 5/6 of it), mapped linearly from the query axis to the
     * reference axis, which also holds for sped-up or slowed-down copies.
     */
    public static List<FrameTimes> frameTimes(Segment segment) {
        double qs = segment.queryStart();
        double qe = segment.queryEnd();
        double rs = segment.referenceStart();
        double re = segment.referenceEnd();
        List<FrameTimes> times = new ArrayList<>();
        for (int k = 0; k < FRAMES_PER_SEGMENT; k++) {
            double f = (k + 0.5) / FRAMES_PER_SEGMENT;
            times.add(new FrameTimes(qs + f * (qe - qs), rs + f * (re - rs)));
        }
        return times;
    }

    /**
     * The JPEG of frame pair {@code k} of a segment, on one side. The first request decodes all pairs of that side
     * in one pass over the video and keeps them.
     *
     * @param outline on the query side, the region of the query's frame the copy was found in, or null
     */
    public Path frame(String checkId, int match, int segment, int k, Side side, List<FrameTimes> times, Path video,
                      QueryRegion outline) throws IOException {
        Path folder = data.checkFolder(checkId).resolve("frames");
        Path wanted = folder.resolve(name(match, segment, k, side));
        if (Files.isRegularFile(wanted)) {
            return wanted;
        }
        double[] seconds = times.stream().mapToDouble(t -> side == Side.QUERY ? t.query() : t.reference()).toArray();
        QueryRegion[] outlines = new QueryRegion[seconds.length];
        java.util.Arrays.fill(outlines, side == Side.QUERY ? outline : null);
        List<byte[]> jpegs = Thumbnails.jpegs(video, seconds, THUMBNAIL_WIDTH, outlines);
        Files.createDirectories(folder);
        for (int i = 0; i < jpegs.size(); i++) {
            write(folder.resolve(name(match, segment, i, side)), jpegs.get(i));
        }
        return wanted;
    }

    private static String name(int match, int segment, int k, Side side) {
        return "m" + match + "-s" + segment + "-" + side.name().toLowerCase() + "-" + k + ".jpg";
    }

    /** Via a temporary file and a rename, so a concurrent reader never sees half a picture. */
    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + "." + Thread.currentThread().getId() + ".part");
            Files.write(partial, bytes);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write evidence " + file + ": " + e.getMessage(), e);
        }
    }
}
