package org.vcd.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vcd.audio.AudioConfig;
import org.vcd.audio.AudioMatch;
import org.vcd.audio.AudioMatcher;
import org.vcd.audio.Fingerprint;
import org.vcd.audio.Landmark;
import org.vcd.deploy.Json;
import org.vcd.domain.Segment;
import org.vcd.ingest.AudioTrack;
import org.vcd.ingest.IngestConfig;
import org.vcd.ingest.IngestException;
import org.vcd.ingest.QueryViews;
import org.vcd.ingest.VideoIngest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vcd audio ...}: the sound tracks' fingerprints, apart from the picture pipeline (docs/AUDIO.md). */
@Command(name = "audio", description = "Compares videos by their sound (landmark fingerprints; see docs/AUDIO.md).",
        subcommands = {AudioCommand.Match.class})
final class AudioCommand {

    @Command(name = "match", description = {
            "Finds where the query's sound copies the reference's: one line per copied segment,",
            "query and reference spans in seconds, the playback speed (reference seconds per query",
            "second) and a score. With --json one object instead:",
            "{\"query\": FILE, \"reference\": FILE, \"query_audio_seconds\": s, \"reference_audio_seconds\": s,",
            " \"segments\": [{\"query_start\": s, \"query_end\": s, \"reference_start\": s, \"reference_end\": s,",
            " \"score\": 0..1, \"speed\": x, \"votes\": n}]}",
            "A video without a sound track has 0 audio seconds and matches nothing."})
    static final class Match implements Callable<Integer> {

        record Report(String query, String reference, double queryAudioSeconds, double referenceAudioSeconds,
                      List<Found> segments) {
        }

        record Found(double queryStart, double queryEnd, double referenceStart, double referenceEnd, double score,
                     double speed, int votes) {
        }

        @Spec
        CommandSpec spec;

        @Option(names = "--query", required = true, paramLabel = "FILE", description = "The video that may copy.")
        Path query;

        @Option(names = "--reference", required = true, paramLabel = "FILE", description = "The video it may copy.")
        Path reference;

        @Option(names = "--json", description = "Print one JSON object instead of lines.")
        boolean json;

        @Override
        public Integer call() {
            AudioConfig config = AudioConfig.DEFAULT;
            VideoIngest ingest = new VideoIngest(IngestConfig.DEFAULT);
            AudioTrack querySound;
            AudioTrack referenceSound;
            try {
                querySound = ingest.ingestWithAudio(query, QueryViews.DECODED, config.sampleRate()).audio();
                referenceSound = ingest.ingestWithAudio(reference, QueryViews.DECODED, config.sampleRate()).audio();
            } catch (IngestException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_BAD_INPUT;
            }
            List<Landmark> queryLandmarks = Fingerprint.landmarks(querySound.samples(), config);
            List<AudioMatch> matches = AudioMatcher.match(queryLandmarks,
                    Fingerprint.landmarks(referenceSound.samples(), config), config);
            PrintWriter out = Vcd.out(spec);
            if (json) {
                out.println(Json.line(new Report(query.toString(), reference.toString(), querySound.durationSeconds(),
                        referenceSound.durationSeconds(), matches.stream().map(Match::found).toList())));
                return 0;
            }
            for (AudioTrack sound : List.of(querySound, referenceSound)) {
                if (sound.samples().length == 0) {
                    out.println("no sound track: " + (sound == querySound ? query : reference));
                }
            }
            for (AudioMatch match : matches) {
                Segment s = match.segment();
                out.println(String.format(Locale.ROOT,
                        "query %.2f-%.2f s  reference %.2f-%.2f s  speed %.3f  score %.2f  votes %d",
                        s.queryStart(), s.queryEnd(), s.referenceStart(), s.referenceEnd(), match.speed(), s.score(),
                        match.votes()));
            }
            if (matches.isEmpty()) {
                out.println("no copied sound");
            }
            return 0;
        }

        private static Found found(AudioMatch match) {
            Segment s = match.segment();
            return new Found(s.queryStart(), s.queryEnd(), s.referenceStart(), s.referenceEnd(), s.score(),
                    match.speed(), match.votes());
        }
    }
}
