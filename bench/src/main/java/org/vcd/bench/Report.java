package org.vcd.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What {@code vcd bench run} measured, written as {@code report.json} (and, for people, {@code report.md}).
 *
 * @param benchmark  the benchmark folder
 * @param generator  the generator version, seed and size of the benchmark, e.g. {@code vcd-bench-1 seed 1 standard}
 * @param pipeline   the pipeline's stages, e.g. {@code classic-uniform-tn}
 * @param references references indexed
 * @param queries    queries checked
 * @param failures   queries the pipeline refused (scored as predicting nothing)
 * @param overall    accuracy over all queries
 * @param byKind     accuracy over the queries with each transformation kind
 * @param negatives  how the queries without copies fared
 * @param cost       time and space
 * @param sound      benchmarks with sound: accuracy per what became of the copies' sound, and the music-only
 *                   negatives (which no other number includes); null (and not written) for a silent benchmark
 */
public record Report(String benchmark, String generator, String pipeline, int references, int queries, int failures,
        Evaluation.Metrics overall, Map<String, Evaluation.Metrics> byKind, Evaluation.Negatives negatives,
        Cost cost, @JsonInclude(JsonInclude.Include.NON_NULL) Evaluation.Sound sound) {

    /** The report of a silent benchmark. */
    public Report(String benchmark, String generator, String pipeline, int references, int queries, int failures,
            Evaluation.Metrics overall, Map<String, Evaluation.Metrics> byKind, Evaluation.Negatives negatives,
            Cost cost) {
        this(benchmark, generator, pipeline, references, queries, failures, overall, byKind, negatives, cost, null);
    }

    /**
     * Time and space, measured in one run (other work on the machine slows both sides of each ratio alike).
     *
     * @param referenceSeconds         video duration of the references
     * @param ingestSeconds            wall time to index them (decode, embed, select keyframes, store)
     * @param ingestSpeed              reference video seconds indexed per wall second
     * @param plainDecodeSeconds       wall time for plain FFmpeg decoding of the same files to ingest's frame size
     * @param plainDecodeSpeed         video seconds decoded per wall second
     * @param ingestToDecodeRatio      ingest speed / plain decode speed (1 = as fast as decoding alone)
     * @param queryLatencyP50          median wall time of one check, seconds
     * @param queryLatencyP95          95th percentile (nearest rank), seconds
     * @param storeBytes               bytes on disk of the store holding the references
     * @param storedBytesPerVideoHour  store bytes per hour of reference video
     */
    public record Cost(double referenceSeconds, double ingestSeconds, double ingestSpeed, double plainDecodeSeconds,
            double plainDecodeSpeed, double ingestToDecodeRatio, double queryLatencyP50, double queryLatencyP95,
            long storeBytes, double storedBytesPerVideoHour) {
    }
}
