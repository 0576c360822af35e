package org.vcd.deploy.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.vcd.deploy.Json;
import org.vcd.deploy.StoreLocation;
import org.vcd.deploy.StoreTransfer;
import org.vcd.matcher.FrameSpec;
import org.vcd.matcher.FrameStore;
import org.vcd.matcher.StoreException;
import org.vcd.matcher.StoreStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "store", description = "Looks after a store: what it holds, and moving a library between stores.",
        subcommands = {StoreCommand.Stats.class, StoreCommand.Export.class, StoreCommand.Import.class,
                StoreCommand.Compact.class})
final class StoreCommand {

    private static final String STORE_HELP = "A folder or milvus://HOST:PORT/DATABASE/COLLECTION "
            + "(token in $" + StoreLocation.TOKEN_VARIABLE + ").";

    @Command(name = "stats", description = {
            "Prints one JSON object: {\"store\", \"embedder\", \"dimension\", \"keyframes\", \"vectors\" (float32 or",
            " int8), \"audio\" (whether it keeps sound landmarks), \"videos\", \"frames\", \"landmarks\",",
            " \"video_seconds\", \"bytes\" (on disk; null for Milvus), \"bytes_per_video_hour\",",
            " \"landmark_bytes_per_video_hour\" (the landmarks as encoded; null without audio; docs/AUDIO.md)}."})
    static final class Stats implements Callable<Integer> {

        record Report(String store, String embedder, int dimension, String keyframes, String vectors, boolean audio,
                      long videos, long frames, long landmarks, double videoSeconds, Long bytes,
                      Double bytesPerVideoHour, Double landmarkBytesPerVideoHour) {
        }

        @Spec
        CommandSpec spec;

        @Option(names = "--store", required = true, description = STORE_HELP)
        String store;

        @Override
        public Integer call() {
            return print(spec, store);
        }

        /** Prints the stats of the store at {@code store}; the exit code. */
        static int print(CommandSpec spec, String store) {
            StoreLocation location;
            try {
                location = StoreLocation.parse(store);
                try (var opened = location.openForReading()) {
                    StoreStats stats = opened.stats();
                    FrameSpec frames = opened.spec();
                    double hours = stats.videoSeconds() / 3600;
                    Double perHour = stats.bytes() == null || hours == 0 ? null : stats.bytes() / hours;
                    Double landmarksPerHour = !frames.audio() || hours == 0 ? null : stats.landmarkBytes() / hours;
                    Vcd.out(spec).println(Json.line(new Report(location.toString(), frames.embedder(),
                            frames.dimension(), frames.keyframes(), opened.encoding().label(), frames.audio(),
                            stats.videos(), stats.frames(), stats.landmarks(), stats.videoSeconds(), stats.bytes(),
                            perHour, landmarksPerHour)));
                    return 0;
                }
            } catch (StoreException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_STORE;
            }
        }
    }

    @Command(name = "export", description = {
            "Writes every video of the store to FILE (versioned JSON lines, documented in docs/STORE.md;",
            "gzip-compressed when FILE ends in .gz). FILE appears only once complete.",
            "Prints {\"exported\": N, \"file\": FILE}."})
    static final class Export implements Callable<Integer> {

        record Report(long exported, String file) {
        }

        @Spec
        CommandSpec spec;

        @Option(names = "--store", required = true, description = STORE_HELP)
        String store;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write.")
        Path out;

        @Override
        public Integer call() {
            Path partial = out.resolveSibling(out.getFileName() + ".partial");
            try (var opened = StoreLocation.parse(store).openForReading()) {
                long videos;
                try (OutputStream file = Files.newOutputStream(partial);
                     OutputStream stream = out.toString().endsWith(".gz") ? new GZIPOutputStream(file) : file) {
                    videos = StoreTransfer.exportTo(opened, stream);
                }
                Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Vcd.out(spec).println(Json.line(new Report(videos, out.toString())));
                return 0;
            } catch (StoreException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_STORE;
            } catch (IOException e) {
                Vcd.error(spec, "cannot write " + out + ": " + e.getMessage());
                return Vcd.EXIT_BAD_INPUT;
            } finally {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // the error that brought us here says more
                }
            }
        }
    }

    @Command(name = "import", description = {
            "Adds every video in FILE (made by 'vcd store export') to the store, creating it if missing.",
            "A video already there under the same id is replaced, so importing twice changes nothing.",
            "Then compacts the store for fast searches (on a large folder store this rewrites it: minutes).",
            "Prints {\"imported\": N, \"file\": FILE}."})
    static final class Import implements Callable<Integer> {

        record Report(long imported, String file) {
        }

        @Spec
        CommandSpec spec;

        @Option(names = "--store", required = true, description = STORE_HELP)
        String store;

        @Parameters(arity = "1", paramLabel = "FILE", description = "An export file (.gz or plain).")
        Path file;

        @Override
        public Integer call() {
            try (InputStream in = open(file)) {
                StoreLocation location = StoreLocation.parse(store);
                long videos = StoreTransfer.importFrom(in, location::openForWriting);
                Compact.compact(location);
                Vcd.out(spec).println(Json.line(new Report(videos, file.toString())));
                return 0;
            } catch (StoreException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_STORE;
            } catch (NoSuchFileException e) {
                Vcd.error(spec, "cannot import " + file + ": no such file");
                return Vcd.EXIT_BAD_INPUT;
            } catch (IOException e) {
                Vcd.error(spec, "cannot import " + file + ": " + e.getMessage());
                return Vcd.EXIT_BAD_INPUT;
            }
        }

        /** Plain or gzip, told apart by gzip's magic bytes rather than by the name. */
        private static InputStream open(Path file) throws IOException {
            InputStream in = new BufferedInputStream(Files.newInputStream(file));
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            return first == 0x1f && second == 0x8b ? new GZIPInputStream(in) : in;
        }
    }

    @Command(name = "compact", description = {
            "Merges a folder store into one segment, so a search visits one graph instead of one per segment:",
            "stores grown by 'vcd index' add a segment per video. Searches and adds may go on meanwhile; it needs",
            "up to the store's size again in free disk while it runs. A Milvus collection compacts by itself.",
            "Prints the store's stats as 'vcd store stats' does."})
    static final class Compact implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--store", required = true, description = STORE_HELP)
        String store;

        @Override
        public Integer call() {
            try {
                compact(StoreLocation.parse(store));
            } catch (StoreException e) {
                Vcd.error(spec, e.getMessage());
                return Vcd.EXIT_STORE;
            }
            return Stats.print(spec, store);
        }

        /** Opens the existing store for writing with the spec it holds and compacts it. */
        static void compact(StoreLocation location) {
            FrameSpec held;
            try (FrameStore opened = location.openForReading()) {
                held = opened.spec();
            }
            try (FrameStore opened = location.openForWriting(held)) {
                opened.compact();
            }
        }
    }
}
